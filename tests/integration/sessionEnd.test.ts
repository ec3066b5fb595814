import { createHmac } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, send } from '../helpers/chat';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectSocket } from '../helpers/socketClient';
import { closeOf, connectDoc, createNotebook, yjsBase, type DocClient } from '../helpers/yjsClient';

const PASSWORD = 'correct horse battery';

async function login(hub: TestHub, username: string, password = PASSWORD) {
  return api(hub, 'POST', '/api/auth/login', { body: { username, password } });
}

describe('sessions end everywhere: logout and password change close that session’s live sockets', () => {
  let hub: TestHub;
  const sockets: Socket[] = [];
  const docs: DocClient[] = [];
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
    docs.splice(0).forEach((d) => d.destroy());
  });
  afterAll(async () => hub?.destroy());

  /** One user with two sessions (two devices), each with a chat socket in the room and a notebook socket. */
  async function twoDevices() {
    const user = await registerUser(hub);
    const second = (await login(hub, user.user.username)).body as { token: string };
    const room = await createRoom(hub, user);
    const notebook = await createNotebook(hub, user.token);
    const devices = [];
    for (const token of [user.token, second.token]) {
      const chat = await joinedSocket(hub, { ...user, token }, room.id);
      sockets.push(chat);
      const doc = await connectDoc(hub, token, notebook.docName);
      docs.push(doc);
      devices.push({ token, chat, doc });
    }
    return { user, room, notebook, devices: devices as [typeof devices[0], typeof devices[0]] };
  }

  const closedDoc = (doc: DocClient) => doc.closes.some((c) => c.code === 4401);

  test('logout closes this session’s Socket.io and Yjs connections and only those', async () => {
    const { room, devices: [a, b] } = await twoDevices();
    const aGone = new Promise<string>((resolve) => a.chat.once('disconnect', (reason) => resolve(reason)));
    expect((await api(hub, 'POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
    // The server closed it ("io server disconnect"), so the client does not reconnect on its own.
    expect(await aGone).toBe('io server disconnect');
    await eventually(() => closedDoc(a.doc), 'the logged-out notebook socket to close with 4401');
    a.doc.provider.shouldConnect = false;

    // The other device carries on: chat and notebook edits still flow.
    expect(b.chat.connected).toBe(true);
    expect(closedDoc(b.doc)).toBe(false);
    await send(b.chat, room.id, 'still here');
    b.doc.source().insert(0, 'b writes ');
    await eventually(() => b.doc.provider.wsconnected, 'the other device to stay connected');

    // The ended session cannot come back: not on Socket.io, not on /yjs.
    await expect(connectSocket(hub, { token: a.token })).rejects.toThrow('unauthorized');
    expect((await closeOf(`${yjsBase(hub)}/${devicesDoc(b)}?token=${a.token}`)).code).toBe(4401);
  });

  test('a password change ends every other session (and its sockets); the caller’s stays', async () => {
    const { user, room, devices: [a, b] } = await twoDevices();
    const aGone = new Promise<void>((resolve) => a.chat.once('disconnect', () => resolve()));
    const changed = await api(hub, 'POST', '/api/me/password', { token: b.token, body: { currentPassword: PASSWORD, newPassword: 'a much better passphrase' } });
    expect(changed.status).toBe(204);
    await aGone;
    await eventually(() => closedDoc(a.doc), 'the other session’s notebook socket to close');
    a.doc.provider.shouldConnect = false;
    expect((await api(hub, 'GET', '/api/me', { token: a.token })).status).toBe(401);
    expect((await api(hub, 'GET', '/api/me', { token: b.token })).status).toBe(200);
    expect(b.chat.connected).toBe(true);
    await send(b.chat, room.id, 'changed my password, still here');
    expect((await login(hub, user.user.username)).status).toBe(401);
    expect((await login(hub, user.user.username, 'a much better passphrase')).status).toBe(200);
  });

  test('password change input: wrong current password 400, weak new 400, no token 401, nothing changes', async () => {
    const user = await registerUser(hub);
    const wrong = await api(hub, 'POST', '/api/me/password', { token: user.token, body: { currentPassword: 'not it at all', newPassword: 'another good one' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.fields).toHaveProperty('currentPassword');
    const weak = await api(hub, 'POST', '/api/me/password', { token: user.token, body: { currentPassword: PASSWORD, newPassword: 'short' } });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details.fields).toHaveProperty('newPassword');
    const extra = await api(hub, 'POST', '/api/me/password', { token: user.token, body: { currentPassword: PASSWORD, newPassword: 'another good one', admin: true } });
    expect(extra.status).toBe(400);
    expect((await api(hub, 'POST', '/api/me/password', { body: { currentPassword: PASSWORD, newPassword: 'another good one' } })).status).toBe(401);
    expect((await login(hub, user.user.username)).status).toBe(200);
    expect((await api(hub, 'GET', '/api/me', { token: user.token })).status).toBe(200);
  });

  test('a token signed with the hub’s secret but without exp is refused everywhere', async () => {
    const user = await registerUser(hub);
    const [, payload] = user.token.split('.');
    const { sub, sid } = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { sub: string; sid: string };
    // The same claims the hub signs, minus exp: a token that would never end on its own.
    const encode = (part: object) => Buffer.from(JSON.stringify(part)).toString('base64url');
    const unsigned = `${encode({ alg: 'HS256' })}.${encode({ sid, sub, iss: 'cohort', iat: Math.floor(Date.now() / 1000) })}`;
    const forever = `${unsigned}.${createHmac('sha256', hub.config.sessionSecret).update(unsigned).digest('base64url')}`;
    expect((await api(hub, 'GET', '/api/me', { token: forever })).status).toBe(401);
    await expect(connectSocket(hub, { token: forever })).rejects.toThrow('unauthorized');
    expect((await closeOf(`${yjsBase(hub)}/notebook:x?token=${forever}`)).code).toBe(4401);
  });
});

function devicesDoc(device: { doc: DocClient }): string {
  return device.doc.provider.roomname;
}
