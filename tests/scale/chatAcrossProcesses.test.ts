import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send } from '../helpers/chat';
import { api, registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { connectSocket, emitAck } from '../helpers/socketClient';
import { sharedStores, startCluster, type Cluster } from './scaleCluster';

const onlineIn = (events: Array<{ roomId: string; online: string[] }>, roomId: string) => events.filter((e) => e.roomId === roomId).at(-1)?.online ?? [];

describeWithRedis('chat across hub processes sharing Redis', (redisUrl) => {
  describe.each(sharedStores())('store: %s', (store) => {
    let cluster: Cluster;
    const sockets: Socket[] = [];
    const open = (s: Socket) => (sockets.push(s), s);

    beforeAll(async () => {
      // Presence of a silent process expires after 2 s here (15 s by default); sends: a burst of 6 per user.
      cluster = await startCluster(redisUrl, store, 2, { PRESENCE_TTL_SECONDS: '2', CHAT_SEND_BURST: '6', CHAT_SEND_PER_SECOND: '0.01', CHAT_TYPING_TTL_MS: '1500' });
    });
    afterEach(() => sockets.splice(0).forEach((s) => s.close()));
    afterAll(async () => cluster?.destroy());

    test('two clients on different processes chat, see each other typing and online, exactly as on one', async () => {
      const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
      const ada = await registerUser(p1);
      const bo = await registerUser(p2);
      const room = await createRoom(p1, ada);
      const adaSocket = open(await joinedSocket(p1, ada, room.id));
      const adaPresence = record(adaSocket, 'presence');
      const adaNew = record(adaSocket, 'message:new');
      const adaTyping = record(adaSocket, 'typing');
      const boSocket = open(await connectSocket(p2, { token: bo.token }));
      const boNew = record(boSocket, 'message:new');
      const boTyping = record(boSocket, 'typing');
      const joined = await emitAck(boSocket, 'room:join', { roomId: room.id });
      expect(joined.ok).toBe(true);
      // The join answer already counts Ada, who is connected to the other process.
      expect(joined.online).toEqual([ada.user.id, bo.user.id]);
      await eventually(() => onlineIn(adaPresence, room.id).includes(bo.user.id), 'Ada to see Bo come online');

      expect((await emitAck(adaSocket, 'typing', { roomId: room.id, typing: true })).ok).toBe(true);
      await eventually(() => boTyping.some((t) => t.userId === ada.user.id && t.typing), 'Bo to see Ada typing');
      // The claim runs out by itself (1.5 s) and exactly one "stopped" reaches Bo.
      await eventually(() => boTyping.some((t) => t.userId === ada.user.id && !t.typing), 'Ada typing to expire');
      await new Promise((r) => setTimeout(r, 500));
      expect(boTyping.filter((t) => t.userId === ada.user.id && !t.typing)).toHaveLength(1);

      const fromAda = await send(adaSocket, room.id, 'hello from process 1');
      await eventually(() => boNew.some((m) => m.message.id === fromAda.id), 'Bo to get Ada’s message');
      const fromBo = await send(boSocket, room.id, '来自进程 2 的回复');
      await eventually(() => adaNew.some((m) => m.message.id === fromBo.id), 'Ada to get Bo’s message');
      // Each message arrived once on each side, none echoed twice through Redis.
      expect(adaNew.filter((m) => m.message.id === fromAda.id)).toHaveLength(1);
      expect(boNew.filter((m) => m.message.id === fromAda.id)).toHaveLength(1);
      expect(adaTyping.filter((t) => t.userId === ada.user.id)).toHaveLength(0);

      const history = await api(p2, 'GET', `/api/rooms/${room.id}/messages`, { token: bo.token });
      expect(history.body.messages.map((m: { id: string }) => m.id)).toEqual([fromAda.id, fromBo.id]);
    });

    test('the send limit is shared: a burst spread over two processes is counted once', async () => {
      const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
      const cy = await registerUser(p1);
      const room = await createRoom(p1, cy);
      const s1 = open(await joinedSocket(p1, cy, room.id));
      const s2 = open(await joinedSocket(p2, cy, room.id));
      for (let i = 0; i < 6; i++) await send(i % 2 ? s2 : s1, room.id, `burst ${i}`);
      const refused = await emitAck(s2, 'message:send', { roomId: room.id, body: 'one too many', clientId: 'over' });
      expect(refused.ok).toBe(false);
      expect(refused.error.code).toBe('rate_limited');
      const refusedToo = await emitAck(s1, 'message:send', { roomId: room.id, body: 'one too many', clientId: 'over-1' });
      expect(refusedToo.error.code).toBe('rate_limited');
    });

    test('when a process dies its users drop out of presence, and its clients carry on through another process', async () => {
      const victim = await cluster.add();
      const survivor = cluster.hubs[0]!;
      const ada = await registerUser(survivor);
      const bo = await registerUser(survivor);
      const room = await createRoom(survivor, ada);
      const adaSocket = open(await joinedSocket(victim, ada, room.id));
      const adaNew = record(adaSocket, 'message:new');
      const boSocket = open(await joinedSocket(survivor, bo, room.id));
      const boPresence = record(boSocket, 'presence');
      const boNew = record(boSocket, 'message:new');
      const before = await send(adaSocket, room.id, 'before the crash');
      await eventually(() => boNew.some((m) => m.message.id === before.id) && adaNew.some((m) => m.message.id === before.id), 'the first message');

      await victim.crash();
      // Nobody said goodbye for Ada: her entry expires with the dead process's heartbeat (2 s TTL here).
      await eventually(() => boPresence.length > 0 && !onlineIn(boPresence, room.id).includes(ada.user.id), 'Ada to drop out of presence', 20_000);
      expect(onlineIn(boPresence, room.id)).toEqual([bo.user.id]);
      const whileAway = await send(boSocket, room.id, 'sent while Ada was away');

      // Ada's client reconnects (the balancer sends it to the surviving process) and catches up from the
      // last message it saw, then is live again.
      const again = open(await connectSocket(survivor, { token: ada.token }));
      const adaNewAgain = record(again, 'message:new');
      const resync = await emitAck(again, 'room:resync', { roomId: room.id, afterId: before.id, limit: 50 });
      expect(resync.ok).toBe(true);
      expect(resync.joined).toBe(true);
      expect(resync.messages.map((m: { id: string }) => m.id)).toEqual([whileAway.id]);
      await eventually(() => onlineIn(boPresence, room.id).includes(ada.user.id), 'Ada to be online again');
      const after = await send(again, room.id, 'back, through the other process');
      await eventually(() => boNew.some((m) => m.message.id === after.id), 'Bo to get the message after the reconnect');
      // Her own message reaches her through the Redis adapter too; on a loaded machine later than Bo's copy.
      await eventually(() => adaNewAgain.some((m) => m.message.id === after.id), 'Ada to get her message live');
      // The broadcast of the message sent while she was away may still be in flight through Redis when the
      // resync joins her to the room, so it can come live as well as in the resync (clients dedupe by id).
      expect(adaNewAgain.map((m) => m.message.id).filter((id) => id !== whileAway.id)).toEqual([after.id]);
    });
  });
});
