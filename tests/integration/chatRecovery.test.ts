import { io as ioClient, type Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, send } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';
import { tempDir } from '../helpers/tempDir';
import fs from 'node:fs';

describe.each(hubStores())('messages survive a hub restart [%s]', (store) => {
  test('acknowledged messages, edits and reactions are there after a restart on the same data', async () => {
    const dataDir = tempDir('cohort-restart-');
    let hub: TestHub | undefined = await startTestHub({ store, dataDir });
    const mongoUri = hub.config.mongodbUri;
    try {
      const alice = await registerUser(hub);
      const room = await createRoom(hub, alice, 'private');
      const socket = await joinedSocket(hub, alice, room.id);
      const sent: string[] = [];
      for (let i = 0; i < 8; i++) sent.push((await send(socket, room.id, `before restart ${i} 重启前`)).id);
      await emitAck(socket, 'message:edit', { messageId: sent[0], body: 'edited before restart' });
      await emitAck(socket, 'message:react', { messageId: sent[1], emoji: '🔥' });
      const before = await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.token });
      socket.close();
      await hub.stop();

      hub = await startTestHub({ store, dataDir, env: mongoUri ? { MONGODB_URI: mongoUri } : {} });
      // The same token still works (the session and its secret are stored too).
      const after = await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.token });
      expect(after.status).toBe(200);
      expect(after.body).toEqual(before.body);
      expect(after.body.messages.map((m: { id: string }) => m.id)).toEqual(sent);
      expect(after.body.messages[0]).toMatchObject({ body: 'edited before restart', editedAt: expect.any(String) });
      expect(after.body.messages[1]).toMatchObject({ reactions: { '🔥': 1 } });
      // And the conversation carries on; a retry of an old clientId is still recognised.
      const again = await joinedSocket(hub, alice, room.id);
      const retried = await emitAck(again, 'message:send', { roomId: room.id, body: 'x', clientId: before.body.messages[7].clientId });
      expect(retried.message.id).toBe(sent[7]);
      await send(again, room.id, 'after restart');
      again.close();
      expect((await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.token })).body.messages).toHaveLength(9);
    } finally {
      await hub?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('reconnects: no gap, no duplicate', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { CHAT_SEND_BURST: '1000' } });
  });
  afterAll(() => hub.destroy());

  test('explicit resync from the last seen id, while others keep sending', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, alice);
    const talker = await joinedSocket(hub, alice, room.id);
    const first = await joinedSocket(hub, bob, room.id);
    const view: string[] = [];
    first.on('message:new', (e: { message: { id: string } }) => view.push(e.message.id));
    for (let i = 0; i < 5; i++) await send(talker, room.id, `seen ${i}`);
    await eventually(() => view.length === 5, 'the first five');
    first.close();

    // Missed while away: enough to need two resync pages (limit 4 here).
    for (let i = 0; i < 7; i++) await send(talker, room.id, `missed ${i}`);
    const second = await connectSocket(hub, { token: bob.token });
    second.on('message:new', (e: { message: { id: string } }) => view.push(e.message.id));
    // Alice keeps talking during the whole resync.
    let talking = true;
    const chatter = (async () => {
      for (let i = 0; talking && i < 200; i++) await send(talker, room.id, `during ${i}`);
    })();
    let afterId = view[view.length - 1]!;
    for (let round = 0; ; round++) {
      const ack = await emitAck(second, 'room:resync', { roomId: room.id, afterId, limit: 4 });
      expect(ack.ok).toBe(true);
      view.push(...ack.messages.map((m: { id: string }) => m.id));
      if (!ack.hasMore) {
        expect(ack.joined).toBe(true);
        break;
      }
      afterId = ack.messages[ack.messages.length - 1].id;
      expect(round).toBeLessThan(100);
    }
    await send(talker, room.id, 'after resync');
    talking = false;
    await chatter;
    const fence = await send(talker, room.id, 'fence');
    await eventually(() => view.includes(fence.id), 'the fence');

    const history = await api(hub, 'GET', `/api/rooms/${room.id}/messages?limit=100`, { token: bob.token });
    const stored = history.body.messages.map((m: { id: string }) => m.id);
    expect(stored.length).toBeGreaterThan(14);
    expect(view).toEqual(stored);
    talker.close();
    second.close();
  });

  test('connection-state recovery replays what a briefly disconnected client missed', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, alice);
    const talker = await joinedSocket(hub, alice, room.id);
    const flaky: Socket = ioClient(hub.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: { token: bob.token },
      forceNew: true,
      reconnectionDelay: 100,
      reconnectionDelayMax: 200,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        flaky.once('connect', () => resolve());
        flaky.once('connect_error', reject);
      });
      expect((await emitAck(flaky, 'room:join', { roomId: room.id })).ok).toBe(true);
      const view: string[] = [];
      flaky.on('message:new', (e: { message: { id: string } }) => view.push(e.message.id));
      for (let i = 0; i < 3; i++) await send(talker, room.id, `before ${i}`);
      await eventually(() => view.length === 3, 'the first three');

      // The socket's own connect (not the manager's reconnect) is when recovery has been decided.
      const reconnected = new Promise<void>((resolve) => flaky.once('connect', () => resolve()));
      // Cut the transport as a network failure would (not a deliberate disconnect, which ends the session).
      flaky.io.engine.close();
      for (let i = 0; i < 4; i++) await send(talker, room.id, `while away ${i}`);
      await reconnected;
      expect(flaky.recovered).toBe(true);
      const fence = await send(talker, room.id, 'fence');
      await eventually(() => view.includes(fence.id), 'the fence');
      const history = await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: bob.token });
      expect(view).toEqual(history.body.messages.map((m: { id: string }) => m.id));
      // The recovered socket is back in the live room: presence counts it and it may type.
      expect(await emitAck(flaky, 'typing', { roomId: room.id, typing: false })).toEqual({ ok: true });
      const check = await emitAck(talker, 'room:join', { roomId: room.id });
      expect(check.online).toContain(bob.user.id);
    } finally {
      flaky.close();
      talker.close();
    }
  });
});
