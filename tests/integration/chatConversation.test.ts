import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send, type TestUser } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { emitAck } from '../helpers/socketClient';

describe.each(hubStores())('chat conversation [%s]', (store) => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ store, env: { CHAT_SEND_BURST: '1000' } });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => hub.destroy());

  async function room(users: TestUser[], visibility: 'public' | 'private' = 'public') {
    const created = await createRoom(hub, users[0]!, visibility);
    for (const u of users.slice(1)) {
      const res = await api(hub, 'POST', `/api/rooms/${created.id}/members`, { token: users[0]!.token, body: { userId: u.user.id } });
      expect(res.status).toBe(201);
    }
    const joined = await Promise.all(users.map((u) => joinedSocket(hub, u, created.id)));
    sockets.push(...joined);
    return { roomId: created.id, sockets: joined };
  }

  test('three users converse: everyone sees every message exactly once, in the same order, the stored order', async () => {
    const users = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const { roomId, sockets: [a, b, c] } = await room(users, 'private');
    const seen = [a!, b!, c!].map((s) => record<{ message: { id: string; body: string; author: { id: string } } }>(s, 'message:new'));

    // Everyone talks at once: 3 x 12 sends in flight together.
    const acks = await Promise.all(
      [a!, b!, c!].flatMap((s, who) => Array.from({ length: 12 }, (_, i) => send(s, roomId, `user ${who} says ${i} — 你好`))),
    );
    // A last message from each, after all acks: once it has arrived everywhere, everything before it has.
    const fences = [await send(a!, roomId, 'fence a'), await send(b!, roomId, 'fence b'), await send(c!, roomId, 'fence c')];
    await eventually(() => seen.every((list) => fences.every((f) => list.some((e) => e.message.id === f.id))), 'the fences everywhere');

    const orders = seen.map((list) => list.map((e) => e.message.id));
    for (const order of orders) {
      expect(order).toHaveLength(39);
      expect(new Set(order).size).toBe(39);
    }
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    expect(new Set(orders[0])).toEqual(new Set([...acks, ...fences].map((m) => m.id)));
    // Live order is the history order.
    const history = await api(hub, 'GET', `/api/rooms/${roomId}/messages?limit=100`, { token: users[0]!.token });
    expect(history.body.messages.map((m: { id: string }) => m.id)).toEqual(orders[0]);
    // Each author's own messages keep their sending order.
    for (const [who, u] of users.entries()) {
      const mine = seen[0]!.filter((e) => e.message.author.id === u.user.id && !e.message.body.startsWith('fence')).map((e) => e.message.body);
      expect(mine).toEqual(Array.from({ length: 12 }, (_, i) => `user ${who} says ${i} — 你好`));
    }
    expect(seen[0]![0]!.message).toEqual({
      id: expect.any(String),
      roomId,
      author: expect.objectContaining({ id: expect.any(String), username: expect.any(String), displayName: expect.any(String) }),
      body: expect.any(String),
      createdAt: expect.any(String),
      clientId: expect.any(String),
      editedAt: null,
      deletedAt: null,
      mentions: [],
      reactions: {},
    });
  });

  test('a send retried with the same clientId is stored and delivered once', async () => {
    const users = await Promise.all([registerUser(hub), registerUser(hub)]);
    const { roomId, sockets: [a, b] } = await room(users);
    const seen = record(b!, 'message:new');
    const payload = { roomId, body: 'exactly once', clientId: 'retry-me-1' };
    // Concurrent duplicates (a client retrying before the first ack) and a late retry.
    const [first, second] = await Promise.all([emitAck(a!, 'message:send', payload), emitAck(a!, 'message:send', payload)]);
    const third = await emitAck(a!, 'message:send', { ...payload, body: 'a retry with another body' });
    expect(first.ok && second.ok && third.ok).toBe(true);
    expect(second.message).toEqual(first.message);
    expect(third.message).toEqual(first.message);
    // Another user may use the same clientId: keys are per author.
    const bobs = await send(b!, roomId, 'mine', 'retry-me-1');
    expect(bobs.id).not.toBe(first.message.id);
    const fence = await send(a!, roomId, 'fence');
    await eventually(() => seen.some((e: any) => e.message.id === fence.id), 'the fence');
    expect(seen.filter((e: any) => e.message.id === first.message.id)).toHaveLength(1);
    const history = await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: users[0]!.token });
    expect(history.body.messages.map((m: { body: string }) => m.body)).toEqual(['exactly once', 'mine', 'fence']);
    // Reusing a key in another room is a client bug, not a retry.
    const other = await createRoom(hub, users[0]!);
    const clash = await emitAck(a!, 'message:send', { roomId: other.id, body: 'elsewhere', clientId: 'retry-me-1' });
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  test('edit is the author’s right; delete is the author’s, a moderator’s or the owner’s; members see both', async () => {
    const [owner, author, other, moderator] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub), registerUser(hub)]);
    const { roomId, sockets: [ownerS, authorS, otherS, modS] } = await room([owner, author, other, moderator]);
    await api(hub, 'PUT', `/api/rooms/${roomId}/members/${moderator.user.id}`, { token: owner.token, body: { role: 'moderator' } });
    const updates = record(otherS!, 'message:updated');
    const deletions = record(otherS!, 'message:deleted');

    const m1 = await send(authorS!, roomId, 'first draft');
    for (const s of [ownerS!, otherS!, modS!]) {
      expect(await emitAck(s, 'message:edit', { messageId: m1.id, body: 'hijacked' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const edited = await emitAck(authorS!, 'message:edit', { messageId: m1.id, body: 'second draft' });
    expect(edited).toMatchObject({ ok: true, message: { id: m1.id, body: 'second draft', editedAt: expect.any(String) } });
    await eventually(() => updates.length === 1, 'message:updated');
    expect(updates[0].message).toMatchObject({ id: m1.id, body: 'second draft' });

    // A plain member may not delete someone else's message.
    expect(await emitAck(otherS!, 'message:delete', { messageId: m1.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const m2 = await send(authorS!, roomId, 'moderated away');
    const m3 = await send(authorS!, roomId, 'owner removes this');
    const m4 = await send(authorS!, roomId, 'I regret this');
    expect(await emitAck(modS!, 'message:delete', { messageId: m2.id })).toMatchObject({ ok: true, message: { id: m2.id, body: '', deletedAt: expect.any(String) } });
    expect(await emitAck(ownerS!, 'message:delete', { messageId: m3.id })).toMatchObject({ ok: true });
    expect(await emitAck(authorS!, 'message:delete', { messageId: m4.id })).toMatchObject({ ok: true });
    await eventually(() => deletions.length === 3, 'three message:deleted');
    expect(deletions.map((d: any) => d.message.id)).toEqual([m2.id, m3.id, m4.id]);

    // A deleted message cannot be edited back to life.
    expect(await emitAck(authorS!, 'message:edit', { messageId: m4.id, body: 'undo' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const history = await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: other.token });
    expect(history.body.messages.map((m: any) => [m.body, m.deletedAt === null])).toEqual([
      ['second draft', true],
      ['', false],
      ['', false],
      ['', false],
    ]);
    expect(await emitAck(authorS!, 'message:edit', { messageId: 'nope', body: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('reactions toggle per user; members get the counts', async () => {
    const users = await Promise.all([registerUser(hub), registerUser(hub)]);
    const { roomId, sockets: [a, b] } = await room(users);
    const updates = record(a!, 'message:updated');
    const m = await send(a!, roomId, 'ship it');
    expect(await emitAck(b!, 'message:react', { messageId: m.id, emoji: '🚀' })).toMatchObject({ ok: true, active: true, message: { reactions: { '🚀': 1 }, myReactions: ['🚀'] } });
    expect(await emitAck(a!, 'message:react', { messageId: m.id, emoji: '🚀' })).toMatchObject({ ok: true, active: true, message: { reactions: { '🚀': 2 } } });
    expect(await emitAck(b!, 'message:react', { messageId: m.id, emoji: '🚀' })).toMatchObject({ ok: true, active: false, message: { reactions: { '🚀': 1 }, myReactions: [] } });
    await eventually(() => updates.length === 3, 'three reaction updates');
    expect(updates.map((u: any) => [u.message.reactions['🚀'], u.reaction])).toEqual([
      [1, { userId: users[1]!.user.id, emoji: '🚀', active: true }],
      [2, { userId: users[0]!.user.id, emoji: '🚀', active: true }],
      [1, { userId: users[1]!.user.id, emoji: '🚀', active: false }],
    ]);
    const bad = await emitAck(b!, 'message:react', { messageId: m.id, emoji: 'two words' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_failed', details: { fields: { emoji: expect.any(String) } } } });
    const history = await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: users[0]!.token });
    expect(history.body.messages[0]).toMatchObject({ reactions: { '🚀': 1 }, myReactions: ['🚀'] });
  });
});
