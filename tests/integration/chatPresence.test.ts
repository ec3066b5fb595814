import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send, sleep } from '../helpers/chat';
import { registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';

describe('presence and typing', () => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // A short typing claim, so expiry is observable without waiting the real 6 s.
    hub = await startTestHub({ env: { CHAT_TYPING_TTL_MS: '400' } });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => hub.destroy());

  const last = <T>(list: T[]) => list[list.length - 1];

  test('a user with two tabs stays online until the last tab leaves', async () => {
    const [alice, bob, carol] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, bob);
    const watcher = await joinedSocket(hub, bob, room.id);
    sockets.push(watcher);
    const presence = record<{ roomId: string; online: string[] }>(watcher, 'presence');

    const tab1 = await connectSocket(hub, { token: alice.token });
    const tab2 = await connectSocket(hub, { token: alice.token });
    sockets.push(tab1, tab2);
    const join1 = await emitAck(tab1, 'room:join', { roomId: room.id });
    expect(join1.online).toEqual([bob.user.id, alice.user.id]);
    await eventually(() => last(presence)?.online.includes(alice.user.id) === true, 'alice online');
    const eventsAfterFirstTab = presence.length;
    const join2 = await emitAck(tab2, 'room:join', { roomId: room.id });
    expect(join2.online).toEqual([bob.user.id, alice.user.id]);

    // One tab leaves the live room, the other closes outright: Alice is online while either remains.
    expect(await emitAck(tab1, 'room:leave', { roomId: room.id })).toEqual({ ok: true });
    const check = await joinedSocket(hub, carol, room.id);
    sockets.push(check);
    await eventually(() => last(presence)?.online.includes(carol.user.id) === true, 'carol online');
    expect(last(presence)!.online).toEqual([bob.user.id, alice.user.id, carol.user.id]);
    // The second tab's arrival changed nobody's presence, so it sent nothing; only Carol's did.
    expect(presence.slice(eventsAfterFirstTab).map((p) => p.online)).toEqual([[bob.user.id, alice.user.id, carol.user.id]]);

    await emitAck(tab1, 'room:join', { roomId: room.id });
    tab2.close();
    // Give the server time to see the close (it does not change presence, so there is no event to wait for).
    await sleep(500);
    const recheck = await emitAck(check, 'room:join', { roomId: room.id });
    expect(recheck.online).toContain(alice.user.id);

    tab1.close();
    await eventually(() => !last(presence)!.online.includes(alice.user.id), 'alice offline after her last tab closed');
    expect(last(presence)).toEqual({ roomId: room.id, online: [bob.user.id, carol.user.id] });
  });

  test('typing reaches the others, and expires by itself without a refresh', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, alice);
    const a = await joinedSocket(hub, alice, room.id);
    const aTab2 = await joinedSocket(hub, alice, room.id);
    const b = await joinedSocket(hub, bob, room.id);
    sockets.push(a, aTab2, b);
    const bSees = record<{ roomId: string; userId: string; typing: boolean }>(b, 'typing');
    const ownTabSees = record(aTab2, 'typing');

    expect(await emitAck(a, 'typing', { roomId: room.id, typing: true })).toEqual({ ok: true });
    await eventually(() => bSees.length >= 1, 'typing: true');
    expect(bSees[0]).toEqual({ roomId: room.id, userId: alice.user.id, typing: true });
    // Nobody refreshes: the claim runs out and the others hear so.
    await eventually(() => bSees.length >= 2, 'typing to expire');
    expect(bSees[1]).toEqual({ roomId: room.id, userId: alice.user.id, typing: false });

    // An explicit stop, and a send, end it too.
    await emitAck(a, 'typing', { roomId: room.id, typing: true });
    await emitAck(a, 'typing', { roomId: room.id, typing: false });
    await emitAck(a, 'typing', { roomId: room.id, typing: true });
    await send(a, room.id, 'done typing');
    await eventually(() => bSees.length >= 6, 'start/stop/start/stop-on-send');
    expect(bSees.slice(2).map((e) => e.typing)).toEqual([true, false, true, false]);
    // The typist's other tab is not told about its own user.
    expect(ownTabSees).toEqual([]);
  });

  test('typing is refused outside the live room', async () => {
    const alice = await registerUser(hub);
    const room = await createRoom(hub, alice);
    const socket = await connectSocket(hub, { token: alice.token });
    sockets.push(socket);
    expect(await emitAck(socket, 'typing', { roomId: room.id, typing: true })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
