import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send } from '../helpers/chat';
import { registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { emitAck } from '../helpers/socketClient';
import { connectDoc, createNotebook, setRole, type DocClient } from '../helpers/yjsClient';
import { startCluster, type Cluster } from '../scale/scaleCluster';

const NGINX = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** docker/nginx.conf as it is, with compose's service names and port swapped for the test's processes. */
async function startNginx(hubPorts: [number, number]): Promise<{ url: string; stop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-nginx-run-'));
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const site = fs
    .readFileSync(path.resolve(__dirname, '../../docker/nginx.conf'), 'utf8')
    .replace(/hub1:3000/g, `127.0.0.1:${hubPorts[0]}`)
    .replace(/hub2:3000/g, `127.0.0.1:${hubPorts[1]}`)
    .replace(/listen 80;/, `listen 127.0.0.1:${port};`);
  fs.writeFileSync(path.join(dir, 'site.conf'), site);
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${dir}/${t};`).join(' ');
  fs.writeFileSync(
    path.join(dir, 'nginx.conf'),
    `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\nworker_processes 1;\nevents {}\nhttp { access_log off; ${temp} include ${dir}/site.conf; }\n`,
  );
  const child: ChildProcess = spawn(NGINX!, ['-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGQUIT');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeWithRedis('docker/nginx.conf in front of two hub processes', (redisUrl) => {
  if (!NGINX) {
    test.skip('nginx is not installed', () => undefined);
    return;
  }
  let cluster: Cluster;
  let proxy: Awaited<ReturnType<typeof startNginx>>;
  const closers: Array<() => void> = [];
  beforeAll(async () => {
    cluster = await startCluster(redisUrl, 'sqlite', 2);
    const ports = cluster.hubs.map((h) => Number(new URL(h.url).port)) as [number, number];
    proxy = await startNginx(ports);
  });
  afterAll(async () => {
    closers.forEach((close) => close());
    await proxy?.stop();
    await cluster?.destroy();
  });

  test('Socket.io over WebSocket and over HTTP long-polling (sticky), and Yjs, all through the proxy', async () => {
    const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
    const ada = await registerUser(proxy);
    const bo = await registerUser(proxy);
    const room = await createRoom(proxy, ada);

    // WebSocket upgrade through nginx.
    const viaWs = await joinedSocket(proxy, ada, room.id);
    closers.push(() => viaWs.close());
    // Polling only: the handshake and every later poll must reach the same process (ip_hash).
    const viaPolling: Socket = io(proxy.url, { path: '/socket.io', transports: ['polling'], auth: { token: bo.token }, reconnection: false, forceNew: true });
    closers.push(() => viaPolling.close());
    await new Promise<void>((resolve, reject) => {
      viaPolling.once('connect', () => resolve());
      viaPolling.once('connect_error', reject);
    });
    expect(viaPolling.io.engine.transport.name).toBe('polling');
    expect((await emitAck(viaPolling, 'room:join', { roomId: room.id })).ok).toBe(true);
    // And a client connected straight to the other process hears them too.
    const direct = await joinedSocket(p2, ada, room.id);
    closers.push(() => direct.close());
    const pollingNew = record(viaPolling, 'message:new');
    const directNew = record(direct, 'message:new');
    const sent = await send(viaWs, room.id, 'through nginx');
    await eventually(() => pollingNew.some((m) => m.message.id === sent.id) && directNew.some((m) => m.message.id === sent.id), 'delivery to the polling and the direct client');
    const back = await send(viaPolling, room.id, 'polling sends too');
    await eventually(() => directNew.some((m) => m.message.id === back.id), 'the polling client’s message');

    // Yjs through /yjs/ (WebSocket upgrade), converging with an editor connected to a process directly.
    const nb = await createNotebook(proxy, ada.token);
    await setRole(proxy, ada.token, nb.id, bo.user.id, 'editor');
    const proxied: DocClient = await connectDoc(proxy, ada.token, nb.docName);
    closers.push(() => proxied.destroy());
    const straight: DocClient = await connectDoc(p1, bo.token, nb.docName);
    closers.push(() => straight.destroy());
    proxied.source().insert(0, 'via nginx ');
    straight.source().insert(straight.source().length, 'direct');
    await eventually(() => proxied.source().toString() === straight.source().toString() && straight.source().toString().includes('via nginx'), 'the two editors to converge');
  });

  test('the proxy keeps the Host with its port, so the hub trusts pages of the proxy’s own origin and no other', async () => {
    const user = await registerUser(proxy);
    const login = await fetch(`${proxy.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', origin: proxy.url }, body: JSON.stringify({ username: user.user.username, password: 'correct horse battery' }) });
    expect(login.status).toBe(200);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const room = await createRoom(proxy, user);
    const join = (origin: string) => fetch(`${proxy.url}/api/rooms/${room.id}/join`, { method: 'POST', headers: { cookie, origin } });
    // The page at http://127.0.0.1:<proxy port> is the hub's own origin (nginx passes `Host: 127.0.0.1:<port>`).
    expect((await join(proxy.url)).status).toBe(200);
    const other = `http://127.0.0.1:${Number(new URL(proxy.url).port) + 1}`;
    expect((await join(other)).status).toBe(403);
    const viaSocket = (origin: string) =>
      new Promise<string>((resolve) => {
        const socket = io(proxy.url, { path: '/socket.io', transports: ['websocket'], extraHeaders: { cookie, origin }, reconnection: false, forceNew: true });
        socket.once('connect', () => (socket.close(), resolve('connected')));
        socket.once('connect_error', (err) => (socket.close(), resolve(err.message)));
      });
    expect(await viaSocket(proxy.url)).toBe('connected');
    expect(await viaSocket(other)).toBe('forbidden_origin');
  });
});
