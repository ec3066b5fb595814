import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send } from '../helpers/chat';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';

describe('chat limits and bad payloads', () => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    // The default send budget: a burst of 10, then 2 a second.
    hub = await startTestHub();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => hub.destroy());

  test('sending past the burst answers rate_limited and stores nothing for it', async () => {
    const alice = await registerUser(hub);
    const room = await createRoom(hub, alice);
    const socket = await joinedSocket(hub, alice, room.id);
    sockets.push(socket);
    const acks = await Promise.all(Array.from({ length: 30 }, (_, i) => emitAck(socket, 'message:send', { roomId: room.id, body: `burst ${i}`, clientId: `b${i}` })));
    const ok = acks.filter((a) => a.ok);
    const limited = acks.filter((a) => !a.ok);
    // The first 10 always pass; refill (2/s) may let one or two more through on a slow machine.
    expect(ok.length).toBeGreaterThanOrEqual(10);
    expect(ok.length).toBeLessThan(15);
    for (const a of limited) expect(a.error).toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: expect.any(Number) } });
    const history = await api(hub, 'GET', `/api/rooms/${room.id}/messages?limit=100`, { token: alice.token });
    expect(history.body.messages.map((m: { id: string }) => m.id).sort()).toEqual(ok.map((a) => a.message.id).sort());
    // The limit is per user: someone else still sends.
    const bob = await registerUser(hub);
    const bobSocket = await joinedSocket(hub, bob, room.id);
    sockets.push(bobSocket);
    await send(bobSocket, room.id, 'my own budget');
  });

  test('malformed payloads get an error ack, change nothing, and leave the server healthy', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, alice);
    const a = await joinedSocket(hub, alice, room.id);
    const b = await joinedSocket(hub, bob, room.id);
    sockets.push(a, b);
    const received = record(b, 'message:new');

    const cases: Array<[string, unknown, string, string[]?]> = [
      ['message:send', undefined, 'validation_failed'],
      ['message:send', null, 'validation_failed'],
      ['message:send', 'hello', 'validation_failed'],
      ['message:send', [room.id, 'hi'], 'validation_failed'],
      ['message:send', { roomId: 5, body: ['x'], clientId: {} }, 'validation_failed', ['roomId', 'body', 'clientId']],
      ['message:send', { roomId: room.id, body: '', clientId: 'e1' }, 'validation_failed', ['body']],
      ['message:send', { roomId: room.id, body: '   \n ', clientId: 'e2' }, 'validation_failed', ['body']],
      ['message:send', { roomId: room.id, body: 'x'.repeat(4001), clientId: 'e3' }, 'validation_failed', ['body']],
      ['message:send', { roomId: room.id, body: 'bell \u0007', clientId: 'e4' }, 'validation_failed', ['body']],
      ['message:send', { roomId: room.id, body: 'hi', clientId: 'has space' }, 'validation_failed', ['clientId']],
      ['message:send', { roomId: room.id, body: 'hi', clientId: 'e5', authorId: bob.user.id }, 'validation_failed', ['authorId']],
      ['message:send', { roomId: 'no-such-room', body: 'hi', clientId: 'e6' }, 'not_found'],
      ['message:send', { roomId: '__proto__', body: 'hi', clientId: 'e7' }, 'not_found'],
      ['message:edit', { messageId: 'no-such-message', body: 'x' }, 'not_found'],
      ['message:edit', { messageId: 'x' }, 'validation_failed', ['body']],
      ['message:delete', { messageId: 42 }, 'validation_failed', ['messageId']],
      ['message:react', { messageId: 'no-such-message', emoji: '👍' }, 'not_found'],
      ['message:react', { messageId: 'x', emoji: '' }, 'validation_failed', ['emoji']],
      ['typing', { roomId: room.id, typing: 'yes' }, 'validation_failed', ['typing']],
      ['room:join', { roomId: 'no-such-room' }, 'not_found'],
      ['room:join', {}, 'validation_failed', ['roomId']],
      ['room:read', { roomId: room.id, messageId: 'no-such-message' }, 'not_found'],
      ['room:resync', { roomId: room.id, afterId: 'no-such-message' }, 'not_found'],
      ['room:resync', { roomId: room.id, afterId: 'x', limit: 1000 }, 'validation_failed', ['limit']],
    ];
    for (const [event, payload, code, fields] of cases) {
      const ack = await emitAck(a, event, payload);
      expect([event, payload, ack.ok, ack.error?.code]).toEqual([event, payload, false, code]);
      if (fields) expect([event, Object.keys(ack.error.details.fields).sort()]).toEqual([event, [...fields].sort()]);
    }
    // A 4000-character body (counted in characters, not UTF-16 units) is fine.
    await send(a, room.id, '🚀'.repeat(4000));

    // No ack at all, unknown events, and junk arguments: nobody hears an answer, nothing breaks.
    a.emit('message:send', { roomId: room.id, body: 'fire and forget', clientId: 'noack-1' });
    a.emit('message:send', { roomId: 12 });
    a.emit('message:send');
    a.emit('no:such:event', { x: 1 });
    a.emit('typing', null, 'extra', 3);
    await eventually(() => received.some((e: any) => e.message.clientId === 'noack-1'), 'the ack-less message');

    // A frame over the server's 64 KB limit costs only that connection.
    const big = await connectSocket(hub, { token: alice.token });
    const closed = new Promise((resolve) => big.once('disconnect', resolve));
    big.emit('message:send', { roomId: room.id, body: 'x'.repeat(100_000), clientId: 'huge' });
    await closed;

    expect((await api(hub, 'GET', '/api/health')).status).toBe(200);
    const after = await send(a, room.id, 'still working');
    await eventually(() => received.some((e: any) => e.message.id === after.id), 'the normal message after the junk');
    const history = await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.token });
    expect(history.body.messages.map((m: { clientId: string }) => m.clientId)).toEqual([expect.any(String), 'noack-1', expect.any(String)]);
    expect(history.body.messages[2].body).toBe('still working');
  });

  test('a socket may be in at most 100 rooms at once', async () => {
    const alice = await registerUser(hub);
    const roomIds: string[] = [];
    for (let i = 0; i < 101; i++) roomIds.push((await createRoom(hub, alice, 'public', `room ${i}`)).id);
    const socket = await connectSocket(hub, { token: alice.token });
    sockets.push(socket);
    const acks = await Promise.all(roomIds.slice(0, 100).map((roomId) => emitAck(socket, 'room:join', { roomId })));
    expect(acks.filter((x) => x.ok)).toHaveLength(100);
    expect(await emitAck(socket, 'room:join', { roomId: roomIds[100] })).toMatchObject({ ok: false, error: { code: 'too_many_rooms' } });
    // Joining one already joined is fine; leaving one makes space.
    expect((await emitAck(socket, 'room:join', { roomId: roomIds[0] })).ok).toBe(true);
    expect(await emitAck(socket, 'room:leave', { roomId: roomIds[0] })).toEqual({ ok: true });
    expect((await emitAck(socket, 'room:join', { roomId: roomIds[100] })).ok).toBe(true);
    // The limit is per socket: another tab has its own.
    const other = await connectSocket(hub, { token: alice.token });
    sockets.push(other);
    expect((await emitAck(other, 'room:join', { roomId: roomIds[0] })).ok).toBe(true);
  });
});
