import { createRoom, joinedSocket, record, eventually, send, type TestUser } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket, emitAck } from '../helpers/socketClient';

describe.each(hubStores())('rooms over HTTP [%s]', (store) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ store, env: { CHAT_SEND_BURST: '1000' } });
  });
  afterAll(() => hub.destroy());

  test('create, list and read a room; the creator is its owner', async () => {
    const alice = await registerUser(hub);
    const res = await api(hub, 'POST', '/api/rooms', { token: alice.token, body: { name: '融资经验', topic: 'fundraising notes', visibility: 'public' } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      name: '融资经验',
      topic: 'fundraising notes',
      description: '',
      visibility: 'public',
      kind: 'topic',
      ownerId: alice.user.id,
      createdAt: expect.any(String),
    });

    const list = await api(hub, 'GET', '/api/rooms', { token: alice.token });
    expect(list.status).toBe(200);
    expect(list.body.rooms).toContainEqual({ ...res.body, role: 'owner', unread: 0, mentions: 0 });

    const one = await api(hub, 'GET', `/api/rooms/${res.body.id}`, { token: alice.token });
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ room: res.body, role: 'owner', members: [{ user: alice.user, role: 'owner', joinedAt: expect.any(String) }] });
  });

  test.each([
    ['no name', { topic: 't', visibility: 'public' }, ['name']],
    ['a bad visibility', { name: 'n', topic: 't', visibility: 'secret' }, ['visibility']],
    ['wrong types', { name: 5, topic: ['t'], visibility: 'public' }, ['name', 'topic']],
    ['an extra field', { name: 'n', topic: 't', visibility: 'public', ownerId: 'someone' }, ['ownerId']],
    ['a name over 80 characters', { name: 'x'.repeat(81), topic: 't', visibility: 'public' }, ['name']],
  ])('a create with %s is refused and stores nothing', async (_name, body, fields) => {
    const alice = await registerUser(hub);
    const res = await api(hub, 'POST', '/api/rooms', { token: alice.token, body });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
    const list = await api(hub, 'GET', '/api/rooms', { token: alice.token });
    expect(list.body.rooms.filter((r: { ownerId: string }) => r.ownerId === alice.user.id)).toEqual([]);
  });

  test('rooms need a signed-in caller', async () => {
    expect((await api(hub, 'GET', '/api/rooms')).status).toBe(401);
    expect((await api(hub, 'POST', '/api/rooms', { body: { name: 'n', topic: 't', visibility: 'public' } })).status).toBe(401);
  });

  test('an unknown room is 404', async () => {
    const alice = await registerUser(hub);
    for (const path of ['/api/rooms/nope', '/api/rooms/nope/messages']) {
      const res = await api(hub, 'GET', path, { token: alice.token });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
    }
  });

  describe('a private room', () => {
    let owner: TestUser;
    let member: TestUser;
    let stranger: TestUser;
    let roomId: string;
    beforeAll(async () => {
      [owner, member, stranger] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
      roomId = (await createRoom(hub, owner, 'private', 'founders only')).id;
      expect((await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: member.user.id } })).status).toBe(201);
    });

    test('refuses a non-member on REST, and does not list it for them', async () => {
      for (const [method, path] of [
        ['GET', `/api/rooms/${roomId}`],
        ['GET', `/api/rooms/${roomId}/messages`],
        ['POST', `/api/rooms/${roomId}/join`],
      ] as const) {
        const res = await api(hub, method, path, { token: stranger.token });
        expect([path, res.status, res.body.error?.code]).toEqual([path, 403, 'forbidden']);
      }
      const list = await api(hub, 'GET', '/api/rooms', { token: stranger.token });
      expect(list.body.rooms.map((r: { id: string }) => r.id)).not.toContain(roomId);
      const memberList = await api(hub, 'GET', '/api/rooms', { token: member.token });
      expect(memberList.body.rooms.find((r: { id: string }) => r.id === roomId)).toMatchObject({ role: 'member' });
    });

    test('refuses a non-member on the socket, and they receive nothing of it', async () => {
      const inside = await joinedSocket(hub, member, roomId);
      const outside = await connectSocket(hub, { token: stranger.token });
      const leaked = record(outside, 'message:new');
      try {
        for (const [event, payload] of [
          ['room:join', { roomId }],
          ['message:send', { roomId, body: 'let me in', clientId: 'x1' }],
          ['room:resync', { roomId, afterId: 'whatever' }],
          ['room:read', { roomId, messageId: 'whatever' }],
          ['typing', { roomId, typing: true }],
        ] as const) {
          const ack = await emitAck(outside, event, payload);
          expect([event, ack]).toEqual([event, { ok: false, error: { code: 'forbidden', message: expect.any(String) } }]);
        }
        const sent = await send(inside, roomId, 'members only');
        const seen = record(inside, 'message:new');
        await send(inside, roomId, 'sync point');
        await eventually(() => seen.length === 1, 'the sync message');
        expect(leaked).toEqual([]);
        const history = await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: member.token });
        expect(history.body.messages.map((m: { id: string }) => m.id)).toContain(sent.id);
        expect(history.body.messages.map((m: { body: string }) => m.body)).not.toContain('let me in');
      } finally {
        inside.close();
        outside.close();
      }
    });

    test('only the owner manages members; roles; removal takes the member out of the live room', async () => {
      const newcomer = await registerUser(hub);
      // A member cannot invite, remove or promote.
      expect((await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: member.token, body: { userId: newcomer.user.id } })).status).toBe(403);
      expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${owner.user.id}`, { token: member.token })).status).toBe(403);
      expect((await api(hub, 'PUT', `/api/rooms/${roomId}/members/${member.user.id}`, { token: member.token, body: { role: 'moderator' } })).status).toBe(403);
      // Bad bodies and unknown users change nothing.
      expect((await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: 7 } })).status).toBe(400);
      expect((await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: 'no-such-user' } })).status).toBe(404);
      expect((await api(hub, 'PUT', `/api/rooms/${roomId}/members/${member.user.id}`, { token: owner.token, body: { role: 'owner' } })).status).toBe(400);
      expect((await api(hub, 'PUT', `/api/rooms/${roomId}/members/${owner.user.id}`, { token: owner.token, body: { role: 'member' } })).status).toBe(409);
      expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${owner.user.id}`, { token: owner.token })).status).toBe(409);

      // The owner invites; adding again leaves them as they are.
      const added = await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: newcomer.user.id } });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({ user: newcomer.user, role: 'member', joinedAt: expect.any(String) });
      expect((await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: newcomer.user.id } })).status).toBe(200);
      const promoted = await api(hub, 'PUT', `/api/rooms/${roomId}/members/${newcomer.user.id}`, { token: owner.token, body: { role: 'moderator' } });
      expect(promoted.body.role).toBe('moderator');
      const details = await api(hub, 'GET', `/api/rooms/${roomId}`, { token: newcomer.token });
      expect(details.body.role).toBe('moderator');
      expect(details.body.members.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
        [owner.user.id, 'owner'],
        [member.user.id, 'member'],
        [newcomer.user.id, 'moderator'],
      ]);

      // Removed while connected: told so, out of the live room, refused afterwards.
      const socket = await joinedSocket(hub, newcomer, roomId);
      const removed = record(socket, 'room:removed');
      const received = record(socket, 'message:new');
      try {
        expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${newcomer.user.id}`, { token: owner.token })).status).toBe(204);
        await eventually(() => removed.length === 1, 'room:removed');
        expect(removed[0]).toEqual({ roomId });
        const ownerSocket = await joinedSocket(hub, owner, roomId);
        const ownerSeen = record(ownerSocket, 'message:new');
        await send(ownerSocket, roomId, 'after the removal');
        await eventually(() => ownerSeen.length === 1, 'the owner to see their message');
        ownerSocket.close();
        expect(received).toEqual([]);
        expect((await emitAck(socket, 'message:send', { roomId, body: 'still here?', clientId: 'r1' })).error.code).toBe('forbidden');
        expect((await api(hub, 'GET', `/api/rooms/${roomId}/messages`, { token: newcomer.token })).status).toBe(403);
        expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${newcomer.user.id}`, { token: owner.token })).status).toBe(404);
      } finally {
        socket.close();
      }
    });

    test('a member may leave by removing themselves', async () => {
      const leaver = await registerUser(hub);
      await api(hub, 'POST', `/api/rooms/${roomId}/members`, { token: owner.token, body: { userId: leaver.user.id } });
      expect((await api(hub, 'DELETE', `/api/rooms/${roomId}/members/${leaver.user.id}`, { token: leaver.token })).status).toBe(204);
      expect((await api(hub, 'GET', `/api/rooms/${roomId}`, { token: leaver.token })).status).toBe(403);
    });
  });

  test('anyone joins a public room, over REST or by room:join; then they may send', async () => {
    const [owner, viaRest, viaSocket] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, owner);
    // Reading a public room needs no membership; writing does.
    expect((await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: viaRest.token })).status).toBe(200);
    const before = await connectSocket(hub, { token: viaRest.token });
    expect((await emitAck(before, 'message:send', { roomId: room.id, body: 'hi', clientId: 'p1' })).error.code).toBe('forbidden');
    before.close();

    const joined = await api(hub, 'POST', `/api/rooms/${room.id}/join`, { token: viaRest.token });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ roomId: room.id, role: 'member' });
    expect((await api(hub, 'POST', `/api/rooms/${room.id}/join`, { token: viaRest.token })).status).toBe(200);

    const socket = await connectSocket(hub, { token: viaSocket.token });
    const ack = await emitAck(socket, 'room:join', { roomId: room.id });
    expect(ack).toMatchObject({ ok: true, room: { id: room.id }, role: 'member', online: [viaSocket.user.id] });
    expect(ack.members.map((m: { user: { id: string } }) => m.user.id)).toEqual([owner.user.id, viaRest.user.id, viaSocket.user.id]);
    await send(socket, room.id, 'hello from a new member');
    socket.close();
  });

  test('history paginates across page boundaries in a stable order; limit is at most 100', async () => {
    const alice = await registerUser(hub);
    const room = await createRoom(hub, alice);
    const socket = await joinedSocket(hub, alice, room.id);
    const sent: string[] = [];
    for (let i = 0; i < 25; i++) sent.push((await send(socket, room.id, `message ${i}`)).id);
    socket.close();

    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const res = await api(hub, 'GET', `/api/rooms/${room.id}/messages?limit=10${before ? `&before=${before}` : ''}`, { token: alice.token });
      expect(res.status).toBe(200);
      pages.unshift(res.body.messages.map((m: { id: string }) => m.id));
      if (!res.body.hasMore) break;
      before = res.body.messages[0].id;
    }
    expect(pages.map((p) => p.length)).toEqual([5, 10, 10]);
    expect(pages.flat()).toEqual(sent);

    const whole = await api(hub, 'GET', `/api/rooms/${room.id}/messages?limit=100`, { token: alice.token });
    expect(whole.body.hasMore).toBe(false);
    expect(whole.body.messages.map((m: { body: string }) => m.body)).toEqual(sent.map((_, i) => `message ${i}`));
    expect(whole.body.messages[0]).toEqual({
      id: sent[0],
      roomId: room.id,
      author: alice.user,
      body: 'message 0',
      createdAt: expect.any(String),
      clientId: expect.any(String),
      editedAt: null,
      deletedAt: null,
      mentions: [],
      reactions: {},
      myReactions: [],
    });
    // Default page is the newest 50 (here: all 25).
    expect((await api(hub, 'GET', `/api/rooms/${room.id}/messages`, { token: alice.token })).body.messages).toHaveLength(25);

    for (const query of ['limit=101', 'limit=0', 'limit=abc', 'limit=2.5']) {
      const res = await api(hub, 'GET', `/api/rooms/${room.id}/messages?${query}`, { token: alice.token });
      expect([query, res.status, Object.keys(res.body.error.details.fields)]).toEqual([query, 400, ['limit']]);
    }
    const unknownAnchor = await api(hub, 'GET', `/api/rooms/${room.id}/messages?before=nope`, { token: alice.token });
    expect(unknownAnchor.status).toBe(404);
  });

  test('unread and mention counts follow new messages and room:read', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const room = await createRoom(hub, alice);
    await api(hub, 'POST', `/api/rooms/${room.id}/join`, { token: bob.token });
    const bobSocket = await connectSocket(hub, { token: bob.token });
    const mentions = record(bobSocket, 'mention');
    const aliceSocket = await joinedSocket(hub, alice, room.id);
    const m1 = await send(aliceSocket, room.id, 'first');
    const m2 = await send(aliceSocket, room.id, `hey @${bob.user.username}, GPU 还有吗?`);
    const m3 = await send(aliceSocket, room.id, 'third, mentioning @nobody-here and mail@example.com');
    expect(m2.mentions).toEqual([bob.user.username]);
    expect(m3.mentions).toEqual([]);

    const counts = async (who: TestUser) =>
      (await api(hub, 'GET', '/api/rooms', { token: who.token })).body.rooms.find((r: { id: string }) => r.id === room.id);
    expect(await counts(bob)).toMatchObject({ role: 'member', unread: 3, mentions: 1 });
    // Your own messages are never unread.
    expect(await counts(alice)).toMatchObject({ unread: 0, mentions: 0 });

    // The mention reached Bob although he is not in the live room.
    await eventually(() => mentions.length === 1, 'the mention event');
    expect(mentions[0]).toMatchObject({ roomId: room.id, message: { id: m2.id, author: alice.user } });

    expect(await emitAck(bobSocket, 'room:read', { roomId: room.id, messageId: m2.id })).toEqual({ ok: true });
    expect(await counts(bob)).toMatchObject({ unread: 1, mentions: 0 });
    // The marker only moves forward.
    expect(await emitAck(bobSocket, 'room:read', { roomId: room.id, messageId: m1.id })).toEqual({ ok: true });
    expect(await counts(bob)).toMatchObject({ unread: 1 });
    // A message of another room is refused and moves nothing.
    const other = await createRoom(hub, alice);
    const elsewhere = await send(aliceSocket, other.id, 'elsewhere');
    expect((await emitAck(bobSocket, 'room:read', { roomId: room.id, messageId: elsewhere.id })).error.code).toBe('not_found');
    expect(await emitAck(bobSocket, 'room:read', { roomId: room.id, messageId: m3.id })).toEqual({ ok: true });
    expect(await counts(bob)).toMatchObject({ unread: 0, mentions: 0 });
    aliceSocket.close();
    bobSocket.close();
  });
});
