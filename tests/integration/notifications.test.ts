import { io, type Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send, sleep, type TestUser } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { postReply, postThread } from '../helpers/threads';

/** A socket of the user that joined no room: the user is on another page. `lang` goes in the handshake. */
function pageSocket(hub: TestHub, user: TestUser, lang?: 'zh' | 'en', acceptLanguage?: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(hub.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: lang ? { token: user.token, lang } : { token: user.token },
      extraHeaders: acceptLanguage ? { 'accept-language': acceptLanguage } : undefined,
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Polls an async check until it holds. */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const list = (hub: TestHub, user: TestUser, query = '', headers?: Record<string, string>) => api(hub, 'GET', `/api/notifications${query}`, { token: user.token, headers });
// English template words: a zh text must contain none (names and titles here are ASCII-free or excluded).
const ENGLISH = /\b(mentioned|replied|replies|added|made you|room|notebook|thread|editor|viewer|moderator|member)\b/i;

describe.each(hubStores())('notifications [%s]', (store) => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ store, env: { CHAT_SEND_BURST: '1000' } });
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(() => hub.destroy());

  async function roomWith(owner: TestUser, members: TestUser[], name = 'GPU 拼车'): Promise<string> {
    const room = await createRoom(hub, owner, 'private', name);
    for (const m of members) expect((await api(hub, 'POST', `/api/rooms/${room.id}/members`, { token: owner.token, body: { userId: m.user.id } })).status).toBe(201);
    // Each member is told of the invite (stored just after the answer); read, so tests start from none unread.
    for (const m of members) {
      await until(async () => (await list(hub, m)).body.notifications.some((n: any) => n.kind === 'invite' && n.subject.id === room.id), 'the invite');
      await api(hub, 'POST', '/api/notifications/read', { token: m.token, body: { all: true } });
    }
    return room.id;
  }

  test('a mention reaches every tab of a user on another page, live and stored, the text in each tab’s language', async () => {
    const [alice, bob] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const roomId = await roomWith(alice, [bob]);
    const aliceSocket = await joinedSocket(hub, alice, roomId);
    const bobEn = await pageSocket(hub, bob);
    const bobZh = await pageSocket(hub, bob, undefined, 'zh-CN,zh;q=0.9');
    sockets.push(aliceSocket, bobEn, bobZh);
    const en = record(bobEn, 'notification:new');
    const zh = record(bobZh, 'notification:new');
    const aliceHeard = record(aliceSocket, 'notification:new');

    const message = await send(aliceSocket, roomId, `@${bob.user.username} 明天的 A100 还有空吗？`);
    await eventually(() => en.length === 1 && zh.length === 1, 'notification:new on both tabs');
    expect(en[0]).toEqual({
      unread: 1,
      notification: {
        id: expect.any(String),
        kind: 'mention',
        createdAt: expect.any(String),
        readAt: null,
        actor: alice.user,
        subject: { type: 'room', id: roomId, title: 'GPU 拼车' },
        text: `${alice.user.displayName} mentioned you in “GPU 拼车”: @${bob.user.username} 明天的 A100 还有空吗？`,
        textCode: { code: 'mention.room', params: expect.objectContaining({ title: 'GPU 拼车', messageId: message.id, count: 1 }) },
        count: 1,
      },
    });
    expect(zh[0].notification.id).toBe(en[0].notification.id);
    expect(zh[0].notification.text).toBe(`${alice.user.displayName} 在「GPU 拼车」中提到了你：@${bob.user.username} 明天的 A100 还有空吗？`);
    await sleep(200);
    expect(en).toHaveLength(1);
    expect(aliceHeard).toEqual([]);

    const listed = await list(hub, bob);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ notifications: [en[0].notification, expect.objectContaining({ kind: 'invite', readAt: expect.any(String) })], unread: 1, hasMore: false });
  });

  test('a mention while offline is stored and listed when the user comes back', async () => {
    const [alice, carol] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const roomId = await roomWith(alice, [carol], 'Offline room');
    const aliceSocket = await joinedSocket(hub, alice, roomId);
    sockets.push(aliceSocket);
    await send(aliceSocket, roomId, `hello @${carol.user.username}, are you there?`);
    await send(aliceSocket, roomId, 'no mention here');
    await until(async () => (await list(hub, carol)).body.unread > 0, 'the mention stored');
    const page = await list(hub, carol);
    expect(page.body.unread).toBe(1);
    expect(page.body.notifications.filter((n: any) => n.readAt === null)).toHaveLength(1);
    expect(page.body.notifications[0]).toMatchObject({ kind: 'mention', actor: alice.user, subject: { type: 'room', id: roomId, title: 'Offline room' }, readAt: null });
  });

  test('many replies to a thread while unread are one notification with a count; repliers hear of later replies', async () => {
    const [author, bob, carol] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const authorTab = await pageSocket(hub, author);
    sockets.push(authorTab);
    const live = record(authorTab, 'notification:new');
    const thread = await postThread(hub, author, { title: '冷启动怎么做' });
    await postReply(hub, bob, thread.id, 'first');
    await postReply(hub, carol, thread.id, 'second');
    await postReply(hub, bob, thread.id, 'third');
    await eventually(() => live.length === 3, 'three live updates');
    expect(new Set(live.map((e) => e.notification.id)).size).toBe(1);
    expect(live.map((e) => [e.notification.count, e.unread])).toEqual([[1, 1], [2, 1], [3, 1]]);

    const page = await list(hub, author, '?lang=en');
    expect(page.body.unread).toBe(1);
    expect(page.body.notifications).toHaveLength(1);
    expect(page.body.notifications[0]).toMatchObject({ kind: 'reply', count: 3, actor: bob.user, subject: { type: 'thread', id: thread.id, title: '冷启动怎么做' } });
    expect(page.body.notifications[0].text).toBe(`3 new replies to your thread “冷启动怎么做”, the latest from ${bob.user.displayName}`);
    const zh = await list(hub, author, '?lang=zh');
    expect(zh.body.notifications[0].text).toBe(`你的帖子「冷启动怎么做」有 3 条新回复，最新来自 ${bob.user.displayName}`);

    // Bob replied, so Carol's second... and the author's reply reach bob and carol, not the author.
    const bobPage = await list(hub, bob);
    expect(bobPage.body.notifications.map((n: { actor: { id: string }; count: number }) => [n.actor.id, n.count])).toEqual([[carol.user.id, 1]]);
    expect(bobPage.body.notifications[0].textCode.code).toBe('reply.participated');

    // Once read, the next reply starts a new notification.
    expect((await api(hub, 'POST', '/api/notifications/read', { token: author.token, body: { ids: [page.body.notifications[0].id] } })).body).toEqual({ unread: 0 });
    await postReply(hub, carol, thread.id, 'fourth');
    await eventually(() => live.length === 4, 'a fourth live notification');
    expect(live[3].notification.id).not.toBe(live[0].notification.id);
    expect(live[3]).toMatchObject({ unread: 1, notification: { count: 1, readAt: null } });
    const after = await list(hub, author);
    expect(after.body.notifications.map((n: { count: number; readAt: string | null }) => [n.count, n.readAt === null])).toEqual([[1, true], [3, false]]);
    await postReply(hub, author, thread.id, 'the author answers');
    await sleep(200);
    expect(live).toHaveLength(4);
  });

  test('a mention in a thread or a reply tells the one mentioned (instead of a reply notification)', async () => {
    const [author, hana, ivan] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const thread = await postThread(hub, author, { title: 'Pricing', body: `What do you think, @${hana.user.username}?` });
    await until(async () => (await list(hub, hana)).body.unread === 1, 'the mention in the thread');
    expect((await list(hub, hana, '?lang=zh')).body.notifications[0]).toMatchObject({
      kind: 'mention',
      actor: author.user,
      subject: { type: 'thread', id: thread.id, title: 'Pricing' },
      text: `${author.user.displayName} 在帖子「Pricing」中提到了你：What do you think, @${hana.user.username}?`,
    });
    await postReply(hub, ivan, thread.id, `@${author.user.username} and @${hana.user.username}: usage-based`);
    await until(async () => (await list(hub, author)).body.unread === 1, 'the author told');
    const told = (await list(hub, author)).body.notifications;
    expect(told.map((n: any) => [n.kind, n.subject.id, n.textCode.code])).toEqual([['mention', thread.id, 'mention.thread']]);
    await until(async () => (await list(hub, hana)).body.unread === 2, 'hana told again');
    expect((await list(hub, hana)).body.notifications.map((n: any) => n.kind)).toEqual(['mention', 'mention']);
  });

  test('being added to a room or notebook, and a role change, are told; joining by oneself is not', async () => {
    const [owner, dana] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const danaTab = await pageSocket(hub, dana, 'zh');
    sockets.push(danaTab);
    const live = record(danaTab, 'notification:new');
    const room = await createRoom(hub, owner, 'private', '模型评测');
    expect((await api(hub, 'POST', `/api/rooms/${room.id}/members`, { token: owner.token, body: { userId: dana.user.id } })).status).toBe(201);
    expect((await api(hub, 'PUT', `/api/rooms/${room.id}/members/${dana.user.id}`, { token: owner.token, body: { role: 'moderator' } })).status).toBe(200);
    const notebook = await api(hub, 'POST', '/api/notebooks', { token: owner.token, body: { title: '训练日志' } });
    expect((await api(hub, 'PUT', `/api/notebooks/${notebook.body.id}/members/${dana.user.id}`, { token: owner.token, body: { role: 'editor' } })).status).toBe(200);
    expect((await api(hub, 'PUT', `/api/notebooks/${notebook.body.id}/members/${dana.user.id}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(200);
    // Nothing for these: a self-join, a removal, an unchanged role.
    const open = await createRoom(hub, owner, 'public', 'Open room');
    expect((await api(hub, 'POST', `/api/rooms/${open.id}/join`, { token: dana.token })).status).toBeLessThan(300);
    expect((await api(hub, 'PUT', `/api/rooms/${room.id}/members/${dana.user.id}`, { token: owner.token, body: { role: 'moderator' } })).status).toBe(200);
    expect((await api(hub, 'PUT', `/api/notebooks/${notebook.body.id}/members/${dana.user.id}`, { token: owner.token, body: { role: 'none' } })).status).toBe(200);

    await eventually(() => live.length === 4, 'four notifications');
    await sleep(300);
    const page = await list(hub, dana, '', { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' });
    expect(page.body.unread).toBe(4);
    expect(page.body.notifications.map((n: { kind: string; subject: { type: string } }) => `${n.kind}:${n.subject.type}`)).toEqual([
      'role_changed:notebook',
      'invite:notebook',
      'role_changed:room',
      'invite:room',
    ]);
    const name = owner.user.displayName;
    expect(page.body.notifications.map((n: { text: string }) => n.text)).toEqual([
      `${name} 将你在笔记本「训练日志」的角色改为查看者`,
      `${name} 邀请你以编辑者身份加入笔记本「训练日志」`,
      `${name} 将你在聊天室「模型评测」的角色改为管理员`,
      `${name} 邀请你以成员身份加入聊天室「模型评测」`,
    ]);
    for (const n of page.body.notifications) expect(n.text.replace(name, '')).not.toMatch(ENGLISH);
    expect(live.map((e) => e.notification.text).reverse()).toEqual(page.body.notifications.map((n: { text: string }) => n.text));
    expect(page.body.notifications[0].subject).toEqual({ type: 'notebook', id: notebook.body.id, title: '训练日志' });
  });

  test('newest first, a page at a time, unread only on request; marking read by ids or all', async () => {
    const [alice, erin, other] = await Promise.all([registerUser(hub), registerUser(hub), registerUser(hub)]);
    const roomId = await roomWith(alice, [erin, other], 'Paging');
    const aliceSocket = await joinedSocket(hub, alice, roomId);
    sockets.push(aliceSocket);
    for (let i = 0; i < 5; i++) await send(aliceSocket, roomId, `@${erin.user.username} ping ${i} @${other.user.username}`);
    await until(async () => (await list(hub, erin)).body.unread === 5, 'five mentions');
    const all = (await list(hub, erin, '?limit=100&unread=true')).body;
    expect(all.unread).toBe(5);
    expect(all.notifications.map((n: any) => n.textCode.params.excerpt.split(' ')[2])).toEqual(['4', '3', '2', '1', '0']);
    const first = (await list(hub, erin, '?limit=2&unread=true')).body;
    expect(first.hasMore).toBe(true);
    expect(first.notifications.map((n: any) => n.id)).toEqual(all.notifications.slice(0, 2).map((n: any) => n.id));
    const second = (await list(hub, erin, `?limit=2&unread=true&before=${first.notifications[1].id}`)).body;
    expect(second.notifications.map((n: any) => n.id)).toEqual(all.notifications.slice(2, 4).map((n: any) => n.id));

    const someIds = [all.notifications[0].id, all.notifications[2].id];
    await until(async () => (await list(hub, other)).body.unread === 5, 'the other user’s five');
    const otherIds = (await list(hub, other)).body.notifications.map((n: any) => n.id);
    // Someone else's ids are ignored, not an error.
    const marked = await api(hub, 'POST', '/api/notifications/read', { token: erin.token, body: { ids: [...someIds, otherIds[0]] } });
    expect(marked.status).toBe(200);
    expect(marked.body).toEqual({ unread: 3 });
    expect((await list(hub, other)).body.unread).toBe(5);
    const unread = (await list(hub, erin, '?unread=true')).body;
    expect(unread.notifications.map((n: any) => n.id)).toEqual([all.notifications[1].id, all.notifications[3].id, all.notifications[4].id]);
    const read = (await list(hub, erin)).body.notifications.find((n: any) => n.id === someIds[0]);
    expect(read.readAt).toEqual(expect.any(String));
    expect((await api(hub, 'POST', '/api/notifications/read', { token: erin.token, body: { all: true } })).body).toEqual({ unread: 0 });
    expect((await list(hub, erin, '?unread=true')).body).toEqual({ notifications: [], unread: 0, hasMore: false });
  });

  test('a kind turned off is neither stored nor delivered; the others still are', async () => {
    const [alice, fay] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const settings = await api(hub, 'GET', '/api/me/notification-settings', { token: fay.token });
    expect(settings.status).toBe(200);
    expect(settings.body).toEqual({ mention: true, reply: true, invite: true, role_changed: true });
    const put = await api(hub, 'PUT', '/api/me/notification-settings', { token: fay.token, body: { mention: false } });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ mention: false, reply: true, invite: true, role_changed: true });
    expect((await api(hub, 'GET', '/api/me/notification-settings', { token: fay.token })).body).toEqual(put.body);

    const fayTab = await pageSocket(hub, fay);
    sockets.push(fayTab);
    const live = record(fayTab, 'notification:new');
    const roomId = await roomWith(alice, [fay], 'Quiet');
    await eventually(() => live.length === 1, 'the invite');
    const aliceSocket = await joinedSocket(hub, alice, roomId);
    sockets.push(aliceSocket);
    await send(aliceSocket, roomId, `@${fay.user.username} you will not hear of this`);
    const thread = await postThread(hub, fay);
    await postReply(hub, alice, thread.id, 'a reply is still told');
    await eventually(() => live.length === 2, 'the reply');
    await sleep(300);
    expect(live.map((e) => e.notification.kind)).toEqual(['invite', 'reply']);
    expect((await list(hub, fay)).body.notifications.map((n: any) => n.kind)).toEqual(['reply', 'invite']);

    expect((await api(hub, 'PUT', '/api/me/notification-settings', { token: fay.token, body: { mention: true } })).body.mention).toBe(true);
    await send(aliceSocket, roomId, `@${fay.user.username} now you do`);
    await eventually(() => live.length === 3, 'the mention once turned on again');
    expect(live[2].notification.kind).toBe('mention');
  });

  test('bad input answers the contract’s errors and changes nothing', async () => {
    const [alice, gus] = await Promise.all([registerUser(hub), registerUser(hub)]);
    const roomId = await roomWith(alice, [gus], 'Errors');
    const aliceSocket = await joinedSocket(hub, alice, roomId);
    sockets.push(aliceSocket);
    await send(aliceSocket, roomId, `@${gus.user.username} unread`);
    await until(async () => (await list(hub, gus)).body.unread === 1, 'the mention');
    const before = (await list(hub, gus)).body;
    expect(before.notifications).toHaveLength(2);

    const cases: Array<[string, string, unknown, string]> = [
      ['GET', '/api/notifications?limit=0', undefined, 'limit'],
      ['GET', '/api/notifications?limit=abc', undefined, 'limit'],
      ['GET', '/api/notifications?limit=101', undefined, 'limit'],
      ['GET', '/api/notifications?unread=maybe', undefined, 'unread'],
      ['GET', '/api/notifications?lang=fr', undefined, 'lang'],
      ['GET', '/api/notifications?before=no-such-id', undefined, 'before'],
      ['GET', `/api/notifications?before=${'x'.repeat(200)}`, undefined, 'before'],
      ['POST', '/api/notifications/read', {}, 'ids'],
      ['POST', '/api/notifications/read', { ids: [] }, 'ids'],
      ['POST', '/api/notifications/read', { ids: [before.notifications[0].id], all: true }, 'ids'],
      ['POST', '/api/notifications/read', { all: false }, 'all'],
      ['POST', '/api/notifications/read', { ids: 'abc' }, 'ids'],
      ['POST', '/api/notifications/read', { ids: [before.notifications[0].id], extra: 1 }, 'extra'],
      ['POST', '/api/notifications/read', [before.notifications[0].id], '(root)'],
      ['PUT', '/api/me/notification-settings', { mention: 'no' }, 'mention'],
      ['PUT', '/api/me/notification-settings', { mention: false, spam: false }, 'spam'],
    ];
    for (const [method, path, body, field] of cases) {
      const res = await api(hub, method, path, { token: gus.token, body });
      expect([method, path, res.status]).toEqual([method, path, 400]);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
    // Another user's notification is no anchor either.
    const alicePage = await api(hub, 'PUT', '/api/me/notification-settings', { token: alice.token, body: {} });
    expect(alicePage.status).toBe(200);
    expect((await api(hub, 'GET', `/api/notifications?before=${before.notifications[0].id}`, { token: alice.token })).status).toBe(400);

    for (const [method, path] of [
      ['GET', '/api/notifications'],
      ['POST', '/api/notifications/read'],
      ['GET', '/api/me/notification-settings'],
      ['PUT', '/api/me/notification-settings'],
    ] as const) {
      const res = await api(hub, method, path, { body: method === 'GET' ? undefined : { all: true } });
      expect([path, res.status, res.body.error.code]).toEqual([path, 401, 'unauthorized']);
      const bad = await api(hub, method, path, { token: 'not-a-token', body: method === 'GET' ? undefined : { all: true } });
      expect(bad.status).toBe(401);
    }
    expect((await list(hub, gus)).body).toEqual(before);
    expect((await api(hub, 'GET', '/api/me/notification-settings', { token: gus.token })).body).toEqual({ mention: true, reply: true, invite: true, role_changed: true });
    expect(roomId).toBeTruthy();
  });
});
