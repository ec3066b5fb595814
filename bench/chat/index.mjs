#!/usr/bin/env node
// bench/chat: live chat fan-out, Cohort's hub against a bare Socket.io broadcast server in the same run.
//
// N clients (real socket.io-client, websocket transport) sit in one room; every client sends at a fixed rate.
// Each server runs in its own child process, so the server and the clients do not share an event loop (the
// machine has few cores; the clients are one process on the other core). The baseline has no auth, no
// validation, no storage: it acks and broadcasts. The hub runs for real: authenticated sockets, zod
// validation, SQLite (WAL) append before ack and broadcast, presenters. Only its per-user send limit is lifted,
// because the bench measures fan-out, not the limiter.
//
// Phases per server: latency at 100 clients x 0.1 msg/s each (1,000 deliveries/s), then throughput at 100
// and at 500 clients with an offered load well above 1,000 deliveries/s. Results: bench/results/chat.json.
// Run: `npm run bench chat` (builds first), or `npx tsc -b server && node bench/chat/index.mjs`.
import { fork } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const ROOM = 'bench';

// ---------------------------------------------------------------- server child processes

async function serveBaseline() {
  const { Server } = require('socket.io');
  const server = http.createServer();
  const io = new Server(server, { path: '/socket.io', serveClient: false });
  let seq = 0;
  io.on('connection', (socket) => {
    socket.on('room:join', (_payload, ack) => {
      socket.join(ROOM);
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('message:send', (payload, ack) => {
      const message = { id: String(++seq), roomId: ROOM, body: payload.body, clientId: payload.clientId, createdAt: new Date().toISOString() };
      io.to(ROOM).emit('message:new', { message });
      if (typeof ack === 'function') ack({ ok: true, message });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, stop: () => new Promise((r) => { io.close(); r(); }) };
}

async function serveHub() {
  const { startHub } = require(path.join(root, 'server', 'dist', 'main.js'));
  const { loadConfig } = require(path.join(root, 'server', 'dist', 'config.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-chat-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    CHAT_SEND_BURST: '1000000',
    CHAT_SEND_PER_SECOND: '1000000',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
  });
  const hub = await startHub(config);
  return {
    url: hub.url,
    stop: async () => {
      await hub.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- the clients (parent process)

function startServer(kind) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const replies = [];
  const waiters = [];
  child.on('message', (m) => (waiters.length ? waiters.shift()(m) : replies.push(m)));
  const next = () => new Promise((resolve) => (replies.length ? resolve(replies.shift()) : waiters.push(resolve)));
  return {
    child,
    ready: next(),
    ask: (msg) => {
      child.send(msg);
      return next();
    },
    stop: () => new Promise((resolve) => { child.once('exit', resolve); child.send('stop'); }),
  };
}

async function postJson(url, body, token) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Hub only: users and a public room (argon2 makes registering the slow part; a few at a time). */
async function prepareHub(url, count) {
  const tokens = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < count; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, count - i) }, (_, j) =>
        postJson(`${url}/api/auth/register`, { username: `b${stamp}${i + j}`, password: 'bench password 1', displayName: `Bench ${i + j}` }),
      ),
    );
    tokens.push(...batch.map((b) => b.token));
  }
  const room = await postJson(`${url}/api/rooms`, { name: 'bench room', topic: 'fan-out', visibility: 'public' }, tokens[0]);
  return { tokens, roomId: room.id };
}

async function connectClients(url, count, tokens, roomId) {
  const { io } = require('socket.io-client');
  const clients = [];
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, async (_, j) => {
        const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: tokens ? { token: tokens[i + j] } : {}, reconnection: false, forceNew: true });
        await new Promise((resolve, reject) => {
          socket.once('connect', resolve);
          socket.once('connect_error', reject);
        });
        const ack = await socket.timeout(30_000).emitWithAck('room:join', { roomId });
        if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
        return socket;
      }),
    );
    clients.push(...batch);
  }
  return clients;
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Every client sends `perClientRate` msg/s for `seconds` (senders staggered evenly), all clients count what
 * they receive. Latency is send-to-delivery on the same clock (the body carries the send time).
 */
async function runPhase(server, clients, roomId, { perClientRate, seconds, label }) {
  const latencies = [];
  let delivered = 0;
  let firstSend = 0;
  let lastDelivery = 0;
  let failed = 0;
  const listeners = clients.map((socket) => {
    const onNew = ({ message }) => {
      const t = performance.now();
      const sentAt = Number(message.body.slice(2));
      if (!Number.isFinite(sentAt)) return;
      delivered++;
      lastDelivery = t;
      latencies.push(t - sentAt);
    };
    socket.on('message:new', onNew);
    return () => socket.off('message:new', onNew);
  });

  await server.ask('cpu-mark');
  const clientCpuMark = process.cpuUsage();
  const totalRate = perClientRate * clients.length;
  const intervalMs = 1000 / totalRate;
  const total = Math.round(totalRate * seconds);
  const expected = total * clients.length;
  let sent = 0;
  firstSend = performance.now();
  // One scheduler for all clients (round robin), so the offered load is exact and steady.
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - firstSend) / intervalMs) + 1);
      while (sent < due) {
        const socket = clients[sent % clients.length];
        const n = sent++;
        socket
          .timeout(30_000)
          .emitWithAck('message:send', { roomId, body: `t:${performance.now()}`, clientId: `${label}-${n}` })
          .then((ack) => { if (!ack.ok) failed++; }, () => failed++);
      }
      if (sent >= total) resolve();
      else setTimeout(tick, Math.max(0, Math.min(5, intervalMs)));
    };
    tick();
  });
  // Drain: wait for stragglers, bounded.
  const drainUntil = performance.now() + 30_000;
  while (delivered < expected - failed * clients.length && performance.now() < drainUntil) await new Promise((r) => setTimeout(r, 20));
  const { cpu } = await server.ask('cpu-read');
  const clientCpu = process.cpuUsage(clientCpuMark);
  listeners.forEach((off) => off());
  latencies.sort((a, b) => a - b);
  const elapsedS = (lastDelivery - firstSend) / 1000;
  return {
    clients: clients.length,
    offeredDeliveriesPerSecond: Math.round(totalRate * clients.length),
    sent: total,
    failedSends: failed,
    delivered,
    expected,
    deliveredPerSecond: Math.round(delivered / elapsedS),
    latencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)), max: round(latencies[latencies.length - 1]) },
    serverCpuMs: Math.round(cpu),
    serverCpuMicrosPerDelivery: delivered ? round((cpu * 1000) / delivered) : null,
    // The clients share one process: when this nears elapsed time, the clients, not the server, are the limit.
    clientCpuMs: Math.round((clientCpu.user + clientCpu.system) / 1000),
    elapsedMs: Math.round(elapsedS * 1000),
  };
}

const round = (x) => (x === null || x === undefined ? null : Math.round(x * 100) / 100);

async function measure(kind, plan) {
  const server = startServer(kind);
  const { url } = await server.ready;
  const results = {};
  try {
    const maxClients = Math.max(...plan.map((p) => p.clients));
    const prepared = kind === 'hub' ? await prepareHub(url, maxClients) : { tokens: null, roomId: ROOM };
    let clients = [];
    for (const step of plan) {
      if (clients.length < step.clients) {
        clients = clients.concat(await connectClients(url, step.clients - clients.length, prepared.tokens?.slice(clients.length), prepared.roomId));
      }
      // Settle after connecting (joins, presence broadcasts) before measuring.
      await new Promise((r) => setTimeout(r, 500));
      const result = await runPhase(server, clients, prepared.roomId, { ...step, label: `${kind}-${step.name}` });
      results[step.name] = result;
      console.log(`  ${kind.padEnd(8)} ${step.name.padEnd(16)} ${JSON.stringify(result)}`);
    }
    clients.forEach((s) => s.close());
  } finally {
    await server.stop();
  }
  return results;
}

async function main() {
  const started = Date.now();
  const plan = [
    // 100 clients x 0.1 msg/s = 10 msg/s, each delivered to 100: 1,000 deliveries/s.
    { name: 'latency100', clients: 100, perClientRate: 0.1, seconds: 10 },
    // Offered 100 x 5 msg/s x 100 = 50,000 deliveries/s: above what either server (or the client process)
    // sustains here, so delivered/s is a capacity, not an echo of the offered load.
    { name: 'throughput100', clients: 100, perClientRate: 5, seconds: 4 },
    // 500 x 0.1 x 500 = 25,000 deliveries/s offered.
    { name: 'throughput500', clients: 500, perClientRate: 0.1, seconds: 8 },
  ];
  console.log(`bench/chat on ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}`);
  const baseline = await measure('baseline', plan);
  const hub = await measure('hub', plan);

  const ratio = (a, b) => (a === null || b === null || !b ? null : round(a / b));
  const ratios = Object.fromEntries(
    plan.map(({ name }) => [
      name,
      {
        throughput: ratio(hub[name].deliveredPerSecond, baseline[name].deliveredPerSecond),
        latencyP50: ratio(hub[name].latencyMs.p50, baseline[name].latencyMs.p50),
        latencyP99: ratio(hub[name].latencyMs.p99, baseline[name].latencyMs.p99),
        serverCpuPerDelivery: ratio(hub[name].serverCpuMicrosPerDelivery, baseline[name].serverCpuMicrosPerDelivery),
      },
    ]),
  );
  const targets = {
    throughput100AtLeast70PercentOfBaseline: ratios.throughput100.throughput !== null && ratios.throughput100.throughput >= 0.7,
    p99AtMost50msAt1000DeliveriesPerSecond: hub.latency100.latencyMs.p99 !== null && hub.latency100.latencyMs.p99 <= 50,
  };
  const report = {
    bench: 'chat',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, memGiB: round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
    plan,
    baseline,
    hub,
    ratios,
    targets,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'chat.json'), JSON.stringify(report, null, 2));
  console.log('ratios (hub / baseline):', JSON.stringify(ratios));
  console.log('targets:', JSON.stringify(targets));
  console.log(`wrote bench/results/chat.json in ${report.durationS} s`);
  process.exit(0);
}

// ---------------------------------------------------------------- entry (last, so every const above is initialised)

if (process.argv[2] === '--serve') {
  // The parent going away (even by a crash) ends the server.
  process.on('disconnect', () => process.exit(0));
  const kind = process.argv[3];
  const running = kind === 'hub' ? await serveHub() : await serveBaseline();
  let cpuMark = process.cpuUsage();
  process.on('message', async (msg) => {
    if (msg === 'cpu-mark') {
      cpuMark = process.cpuUsage();
      process.send({ cpu: 0 });
    } else if (msg === 'cpu-read') {
      const d = process.cpuUsage(cpuMark);
      process.send({ cpu: (d.user + d.system) / 1000 });
    } else if (msg === 'stop') {
      await running.stop();
      process.exit(0);
    }
  });
  process.send({ url: running.url });
} else {
  await main();
}
