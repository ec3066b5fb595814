import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, send } from '../helpers/chat';
import { api, registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { connectDoc, createNotebook, type DocClient } from '../helpers/yjsClient';
import { startCluster, type Cluster } from './scaleCluster';

describeWithRedis('sessions end on every hub process sharing Redis', (redisUrl) => {
  let cluster: Cluster;
  const sockets: Socket[] = [];
  const docs: DocClient[] = [];
  beforeAll(async () => {
    cluster = await startCluster(redisUrl, 'sqlite', 2);
  });
  afterEach(() => {
    sockets.splice(0).forEach((s) => s.close());
    docs.splice(0).forEach((d) => d.destroy());
  });
  afterAll(async () => cluster?.destroy());

  test('logout on one process closes that session’s sockets on the other; a password change ends the rest', async () => {
    const [p1, p2] = cluster.hubs as [Cluster['hubs'][0], Cluster['hubs'][0]];
    const user = await registerUser(p1);
    const tokens = [user.token];
    for (let i = 0; i < 2; i++) {
      const res = await api(p1, 'POST', '/api/auth/login', { body: { username: user.user.username, password: 'correct horse battery' } });
      tokens.push(res.body.token);
    }
    const room = await createRoom(p1, user);
    const notebook = await createNotebook(p1, user.token);
    // Every session is connected to the second process only.
    const devices = [];
    for (const token of tokens) {
      const chat = await joinedSocket(p2, { ...user, token }, room.id);
      sockets.push(chat);
      const doc = await connectDoc(p2, token, notebook.docName);
      docs.push(doc);
      devices.push({ token, chat, doc, gone: new Promise<string>((resolve) => chat.once('disconnect', resolve)) });
    }
    const [a, b, c] = devices as [typeof devices[0], typeof devices[0], typeof devices[0]];

    expect((await api(p1, 'POST', '/api/auth/logout', { token: a.token })).status).toBe(204);
    expect(await a.gone).toBe('io server disconnect');
    await eventually(() => a.doc.closes.some((x) => x.code === 4401), 'the logged-out notebook socket on process 2 to close');
    a.doc.provider.shouldConnect = false;
    expect(b.chat.connected && c.chat.connected).toBe(true);
    await send(b.chat, room.id, 'still connected on process 2');

    // Session c changes the password through process 1: b's sockets on process 2 close, c's stay.
    const changed = await api(p1, 'POST', '/api/me/password', { token: c.token, body: { currentPassword: 'correct horse battery', newPassword: 'new and longer passphrase' } });
    expect(changed.status).toBe(204);
    await b.gone;
    await eventually(() => b.doc.closes.some((x) => x.code === 4401), 'the other session’s notebook socket to close');
    b.doc.provider.shouldConnect = false;
    expect(c.chat.connected).toBe(true);
    expect(c.doc.closes.some((x) => x.code === 4401)).toBe(false);
    await send(c.chat, room.id, '密码改好了');
  });
});
