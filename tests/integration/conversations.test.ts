import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';

type User = Awaited<ReturnType<typeof registerUser>>;

describe.each(hubStores())('POST /api/conversations: direct conversations [%s]', (store) => {
  let hub: TestHub;
  let alice: User;
  let bob: User;
  let carol: User;
  let mallory: User;
  beforeAll(async () => {
    hub = await startTestHub({ store });
    [alice, bob, carol, mallory] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub), registerUser(hub)]);
  });
  afterAll(() => hub.destroy());

  const open = (as: User, userIds: unknown) => api(hub, 'POST', '/api/conversations', { token: as.token, body: { userIds } });
  const listed = async (as: User) => (await api(hub, 'GET', '/api/rooms', { token: as.token })).body.rooms as Array<{ id: string; kind: string }>;

  test('the first call makes the room (201), every later one answers the same room (200), from either side', async () => {
    const first = await open(alice, [bob.user.id]);
    expect(first.status).toBe(201);
    expect(first.body.room).toMatchObject({ kind: 'direct', visibility: 'private', ownerId: alice.user.id, name: '' });
    const again = await open(alice, [bob.user.id, bob.user.id, alice.user.id]);
    expect([again.status, again.body]).toEqual([200, first.body]);
    const fromBob = await open(bob, [alice.user.id]);
    expect([fromBob.status, fromBob.body.room.id]).toEqual([200, first.body.room.id]);

    const details = await api(hub, 'GET', `/api/rooms/${first.body.room.id}`, { token: bob.token });
    expect(details.status).toBe(200);
    expect(details.body.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role]).sort()).toEqual(
      [[alice.user.id, 'member'], [bob.user.id, 'member']].sort(),
    );
    // A bigger set is another conversation.
    const trio = await open(alice, [carol.user.id, bob.user.id]);
    expect(trio.status).toBe(201);
    expect(trio.body.room.id).not.toBe(first.body.room.id);
  });

  test('concurrent creates of one set give one room: one 201, the rest 200', async () => {
    const [dave, erin] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => (i % 2 ? open(dave, [erin.user.id]) : open(erin, [dave.user.id]))));
    expect(new Set(answers.map((a) => a.body.room.id)).size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const rooms = (await listed(dave)).filter((r) => r.kind === 'direct');
    expect(rooms.map((r) => r.id)).toEqual([answers[0]!.body.room.id]);
  });

  test('private: a non-member never sees it listed, cannot read, join or be added, and the members chat over the usual events', async () => {
    const { body } = await open(alice, [bob.user.id]);
    const roomId = body.room.id as string;
    expect((await listed(mallory)).map((r) => r.id)).not.toContain(roomId);
    expect((await listed(alice)).find((r) => r.id === roomId)).toMatchObject({ kind: 'direct', role: 'member' });
    expect((await api(hub, 'GET', `/api/rooms/${roomId}`, { token: mallory.token })).status).toBe(403);
    expect((await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: mallory.token })).status).toBe(403);
    expect((await api(hub, 'POST', `/api/rooms/${roomId}/join`, { token: mallory.token })).status).toBe(403);
    // Nobody owns it, so no member changes the set.
    const add = await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: alice.token, body: { userId: mallory.user.id } });
    expect(add.status).toBe(403);
    expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${bob.user.id}`, { token: alice.token })).status).toBe(403);

    const [a, b, m] = await Promise.all([connectSocket(hub, alice), connectSocket(hub, bob), connectSocket(hub, mallory)]);
    try {
      expect((await emitAck(m, 'room:join', { roomId })).ok).toBe(false);
      expect((await emitAck(a, 'room:join', { roomId })).ok).toBe(true);
      expect((await emitAck(b, 'room:join', { roomId })).ok).toBe(true);
      const received = new Promise<{ message: { body: string } }>((resolve) => b.once('message:new', resolve));
      const sent = await emitAck(a, 'message:send', { roomId, body: '你好 Bob', clientId: `c-${Date.now()}` });
      expect(sent.ok).toBe(true);
      expect((await received).message.body).toBe('你好 Bob');
      expect((await emitAck(m, 'message:send', { roomId, body: 'let me in', clientId: `m-${Date.now()}` })).ok).toBe(false);
    } finally {
      for (const s of [a, b, m]) s.close();
    }
    // Never in search, even for its members.
    const search = await api(hub, 'GET', '/api/search?q=%E4%BD%A0%E5%A5%BD%20Bob&types=room', { token: alice.token });
    if (search.status === 200) expect(search.body.results.map((r: { id: string }) => r.id)).not.toContain(roomId);
  });

  test('a member who left is brought back when the conversation is opened again', async () => {
    const { body } = await open(carol, [mallory.user.id]);
    const roomId = body.room.id as string;
    expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${mallory.user.id}`, { token: mallory.token })).status).toBe(204);
    expect((await listed(mallory)).map((r) => r.id)).not.toContain(roomId);
    expect((await open(carol, [mallory.user.id])).status).toBe(200);
    expect((await listed(mallory)).map((r) => r.id)).toContain(roomId);
  });

  test('bad input is a 400 naming userIds, an unknown person 404, no session 401; nothing is made', async () => {
    const before = (await listed(alice)).length;
    for (const userIds of [[], undefined, 'x', [alice.user.id], Array.from({ length: 8 }, (_, i) => `u${i}`), ['has space'], [42]]) {
      const res = await open(alice, userIds);
      expect([JSON.stringify(userIds), res.status, res.body.error?.code]).toEqual([JSON.stringify(userIds), 400, 'validation_failed']);
      expect(Object.keys(res.body.error.details.fields).join()).toMatch(/^userIds/);
    }
    const extra = await api(hub, 'POST', '/api/conversations', { token: alice.token, body: { userIds: [bob.user.id], name: 'x' } });
    expect(extra.status).toBe(400);
    expect((await open(alice, ['no-such-user'])).status).toBe(404);
    expect((await api(hub, 'POST', '/api/conversations', { body: { userIds: [bob.user.id] } })).status).toBe(401);
    expect((await listed(alice)).length).toBe(before);
  });
});
