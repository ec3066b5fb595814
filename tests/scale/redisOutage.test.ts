import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { Socket } from 'socket.io-client';
import { createRoom, eventually, joinedSocket, record, send, sleep } from '../helpers/chat';
import { registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { startCluster, type Cluster } from './scaleCluster';

const hasRedisServer = spawnSync('redis-server', ['--version']).status === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** A Redis of this test's own (it is killed and restarted), without persistence: a restart forgets everything. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (up) return child;
    await sleep(50);
  }
  throw new Error('redis-server did not start');
}

const onlineIn = (events: Array<{ roomId: string; online: string[] }>, roomId: string) => events.filter((e) => e.roomId === roomId).at(-1)?.online ?? [];

describeWithRedis('hub processes when Redis goes away and comes back', () => {
  (hasRedisServer ? test : test.skip)('each process keeps serving its own clients, and everything is shared again once Redis is back', async () => {
    const port = await freePort();
    let redis = await startRedis(port);
    let cluster: Cluster | undefined;
    const sockets: Socket[] = [];
    try {
      cluster = await startCluster(`redis://127.0.0.1:${port}`, 'sqlite', 2, { PRESENCE_TTL_SECONDS: '2' });
      const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
      const [ada, bo, cy] = [await registerUser(p1), await registerUser(p2), await registerUser(p1)];
      const room = await createRoom(p1, ada);
      const adaSocket = await joinedSocket(p1, ada, room.id);
      const boSocket = await joinedSocket(p2, bo, room.id);
      sockets.push(adaSocket, boSocket);
      const boNew = record(boSocket, 'message:new');
      const boPresence = record(boSocket, 'presence');
      const first = await send(adaSocket, room.id, 'with redis');
      await eventually(() => boNew.some((m) => m.message.id === first.id), 'the first message across processes');

      redis.kill('SIGKILL');
      await new Promise((r) => redis.once('exit', r));
      await sleep(300);
      // Without Redis: joins and sends on one process still work, for that process's clients.
      const cySocket = await joinedSocket(p1, cy, room.id);
      sockets.push(cySocket);
      const cyNew = record(cySocket, 'message:new');
      const during = await send(adaSocket, room.id, 'while redis is away');
      await eventually(() => cyNew.some((m) => m.message.id === during.id), 'a client on the same process to get it');

      // Redis comes back empty (no persistence): presence is re-entered by the processes, chat crosses again.
      redis = await startRedis(port);
      await eventually(() => [ada, cy].every((u) => onlineIn(boPresence, room.id).includes(u.user.id)), 'Bo to see Ada and Cy online again', 20_000);
      const sentAfter: string[] = [];
      const deadline = Date.now() + 20_000;
      while (!boNew.some((m) => sentAfter.includes(m.message.id))) {
        if (Date.now() > deadline) throw new Error('no message crossed processes after Redis came back');
        sentAfter.push((await send(adaSocket, room.id, `after the outage ${sentAfter.length}`)).id);
        await sleep(300);
      }
    } finally {
      sockets.forEach((s) => s.close());
      await cluster?.destroy();
      redis.kill('SIGTERM');
    }
  });
});
