import type { Socket } from 'socket.io-client';
import { eventually, record, type TestUser } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';
import { postReply, postThread } from '../helpers/threads';

const THREAD_EVENTS = ['thread:reply', 'thread:updated', 'thread:vote'] as const;

describe.each(hubStores())('threads: live events [%s]', (store) => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ store });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => hub.destroy());

  async function connect(user: TestUser): Promise<Socket> {
    const socket = await connectSocket(hub, { token: user.token });
    sockets.push(socket);
    return socket;
  }

  /** Records every thread event a socket gets, by name. */
  function recordAll(socket: Socket): Record<string, any[]> {
    const seen: Record<string, any[]> = {};
    for (const event of [...THREAD_EVENTS, 'thread:new']) seen[event] = record(socket, event);
    return seen;
  }

  /**
   * A barrier instead of a timer: a new thread's `thread:new` goes to every socket after everything emitted
   * before it, and Socket.io keeps one server's emits to a socket in order. Once a socket has it, any
   * earlier event meant for it has arrived too.
   */
  async function barrier(author: TestUser, seen: Array<Record<string, any[]>>): Promise<void> {
    const marker = await postThread(hub, author, { title: 'barrier' });
    await eventually(() => seen.every((s) => s['thread:new']!.some((e) => e.thread.id === marker.id)), 'the barrier thread:new');
  }

  test('watchers get thread:reply, thread:updated and thread:vote; a non-watcher gets none of them', async () => {
    const [alice, bob, carol] = [await registerUser(hub), await registerUser(hub), await registerUser(hub)];
    const thread = await postThread(hub, alice, { title: 'Live thread', tags: ['live'] });
    const watcher = await connect(bob);
    const bystander = await connect(carol);
    const watched = recordAll(watcher);
    const notWatched = recordAll(bystander);

    const ack = await emitAck(watcher, 'thread:watch', { threadId: thread.id });
    expect(ack).toEqual({ ok: true, thread: { ...thread, myVote: 0 } });

    const reply = await postReply(hub, alice, thread.id, '第一条回复');
    await eventually(() => watched['thread:reply']!.length === 1, 'thread:reply');
    expect(watched['thread:reply']![0]).toEqual({
      threadId: thread.id,
      change: 'created',
      reply,
      replyCount: 1,
      lastActivityAt: expect.any(String),
    });

    const edited = await api(hub, 'PATCH', `/api/threads/${thread.id}`, { token: alice.token, body: { title: 'Live thread (edited)' } });
    await eventually(() => watched['thread:updated']!.length === 1, 'thread:updated');
    const { myVote: _mine, ...shared } = edited.body;
    expect(watched['thread:updated']![0]).toEqual({ thread: { ...shared, replyCount: 1, lastActivityAt: expect.any(String) } });
    expect(watched['thread:updated']![0].thread).not.toHaveProperty('myVote');

    await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: carol.token, body: { value: 1 } });
    await eventually(() => watched['thread:vote']!.length === 1, 'thread:vote');
    expect(watched['thread:vote']![0]).toEqual({ threadId: thread.id, score: 1 });

    await api(hub, 'PATCH', `/api/threads/${thread.id}/replies/${reply.id}`, { token: alice.token, body: { body: '改过的回复' } });
    await api(hub, 'DELETE', `/api/threads/${thread.id}/replies/${reply.id}`, { token: alice.token });
    await eventually(() => watched['thread:reply']!.length === 3, 'reply edit and delete');
    expect(watched['thread:reply']!.map((e) => [e.change, e.reply.body, e.replyCount])).toEqual([
      ['created', '第一条回复', 1],
      ['edited', '改过的回复', 1],
      ['deleted', '', 0],
    ]);

    await barrier(alice, [watched, notWatched]);
    for (const event of THREAD_EVENTS) expect([event, notWatched[event]]).toEqual([event, []]);
    expect(watched['thread:updated']).toHaveLength(1);
    expect(watched['thread:vote']).toHaveLength(1);
  });

  test('thread:new reaches everyone signed in, without a per-user vote', async () => {
    const [alice, bob] = [await registerUser(hub), await registerUser(hub)];
    const a = recordAll(await connect(alice));
    const b = recordAll(await connect(bob));
    const thread = await postThread(hub, alice, { title: '新帖：出海经验', tags: ['出海'] });
    await eventually(() => [a, b].every((s) => s['thread:new']!.some((e) => e.thread.id === thread.id)), 'thread:new on both sockets');
    const { myVote: _mine, ...shared } = thread;
    expect(b['thread:new']!.find((e) => e.thread.id === thread.id)).toEqual({ thread: shared });
  });

  test('after thread:unwatch the socket hears nothing more of the thread', async () => {
    const [alice, bob] = [await registerUser(hub), await registerUser(hub)];
    const thread = await postThread(hub, alice);
    const watcher = await connect(bob);
    const seen = recordAll(watcher);
    expect(await emitAck(watcher, 'thread:watch', { threadId: thread.id })).toMatchObject({ ok: true });
    await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: alice.token, body: { value: 1 } });
    await eventually(() => seen['thread:vote']!.length === 1, 'thread:vote while watching');

    expect(await emitAck(watcher, 'thread:unwatch', { threadId: thread.id })).toEqual({ ok: true });
    await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: alice.token, body: { value: -1 } });
    await postReply(hub, alice, thread.id, 'unheard');
    await barrier(alice, [seen]);
    expect(seen['thread:vote']).toHaveLength(1);
    expect(seen['thread:reply']).toEqual([]);
  });

  test('a deletion reaches watchers as thread:updated with deletedAt, then the watch ends', async () => {
    const [alice, bob] = [await registerUser(hub), await registerUser(hub)];
    const thread = await postThread(hub, alice, { title: 'About to go', body: 'secret plans' });
    const watcher = await connect(bob);
    const seen = recordAll(watcher);
    await emitAck(watcher, 'thread:watch', { threadId: thread.id });
    await api(hub, 'DELETE', `/api/threads/${thread.id}`, { token: alice.token });
    await eventually(() => seen['thread:updated']!.length === 1, 'thread:updated for the deletion');
    expect(seen['thread:updated']![0].thread).toMatchObject({ id: thread.id, deletedAt: expect.any(String), title: '', body: '', tags: [] });
    // Watching it again is refused: it is gone.
    expect(await emitAck(watcher, 'thread:watch', { threadId: thread.id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  test('watching an unknown thread or sending a bad payload gets an error ack, and the connection stays', async () => {
    const alice = await registerUser(hub);
    const socket = await connect(alice);
    const cases: Array<[unknown, string]> = [
      [{ threadId: 'no-such-thread' }, 'not_found'],
      [{ threadId: 5 }, 'validation_failed'],
      [{ threadId: 'x'.repeat(500) }, 'validation_failed'],
      [{ threadId: 'ok', extra: true }, 'validation_failed'],
      ['thread-id-as-a-string', 'validation_failed'],
      [null, 'validation_failed'],
      [undefined, 'validation_failed'],
    ];
    for (const [payload, code] of cases) {
      const ack = await emitAck(socket, 'thread:watch', payload);
      expect([payload, ack]).toEqual([payload, { ok: false, error: expect.objectContaining({ code }) }]);
    }
    expect(await emitAck(socket, 'thread:unwatch', { threadId: 7 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    // A watch of an unknown thread did not leave the socket listening there, and the socket still works.
    const thread = await postThread(hub, alice);
    expect(await emitAck(socket, 'thread:watch', { threadId: thread.id })).toMatchObject({ ok: true, thread: { id: thread.id } });
    expect(socket.connected).toBe(true);
  });
});
