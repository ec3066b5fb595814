#!/usr/bin/env node
// bench/scale: what a second hub process buys on this machine, and what the Redis relay costs.
//
// Chat: the same load against 1 hub process and against 2 (both with REDIS_URL, sharing one SQLite file and
// one Redis, so the only difference is the process count). 200 socket.io clients (websocket transport) in
// 10 rooms of 20; clients are spread round-robin over the processes, as a balancer would; every client
// sends at a fixed rate; each message is timestamped and fanned out to its 20 room members. Measured:
// deliveries/s, delivery latency p50/p99, CPU seconds of the hub processes. Ratio = 2-process / 1-process.
// Load levels: moderate (100 msg/s, 2,000 deliveries/s), heavy (300 msg/s, 6,000 deliveries/s) and
// saturating (800 msg/s offered, 16,000 deliveries/s: more than this machine serves, with the clients on it).
//
// Notebooks: one editor makes 20 edits/s for 10 s on process 1; one observer on process 1 (same process)
// and one on process 2 (relayed through the document's Redis stream). Latency edit -> arrival, p50/p99.
//
// The clients are this process; the hubs are child processes; Redis is started here on a free port
// (or REDIS_URL). Machine: whatever runs it (2 shared cores here), so read ratios, not absolute figures.
// Results: bench/results/scale.json. Run: `npm run bench scale` or `npx tsc -b server && node bench/scale/index.mjs`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const { io } = require('socket.io-client');
const WebSocket = require('ws');
const Y = require('yjs');
const { WebsocketProvider } = require('y-websocket');
const MAIN = path.join(root, 'server', 'dist', 'main.js');

const ROOMS = 10;
const PER_ROOM = 20;
const LOADS = [
  { name: 'moderate', messagesPerSecond: 100, seconds: 10 },
  { name: 'heavy', messagesPerSecond: 300, seconds: 10 },
  { name: 'saturating', messagesPerSecond: 800, seconds: 8 },
];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pct = (xs, p) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : null);
const round = (x, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => {} };
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 100; i++) {
    const ok = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await sleep(50);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: async () => child.kill('SIGTERM') };
}

async function startHub(env) {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).run()`], {
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', EMBEDDINGS: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  // Keep the start of the log only (the "listening" line, or why it failed).
  const keep = (d) => {
    if (out.length < 65_536) out += d;
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  for (let i = 0; i < 400; i++) {
    const line = out.split('\n').find((l) => l.includes('Cohort hub listening'));
    if (line) return { child, url: JSON.parse(line).url };
    await sleep(50);
  }
  throw new Error(`hub did not start: ${out}`);
}

/** CPU seconds (user+system) a process used so far, from /proc. */
function cpuSeconds(pid) {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

async function json(url, method, body, token) {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: body ? JSON.stringify(body) : undefined });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json();
}

let userSeq = 0;
async function register(url) {
  const username = `bench${process.pid}x${userSeq++}`;
  return json(`${url}/api/auth/register`, 'POST', { username, password: 'correct horse battery', displayName: username });
}

function connect(url, token) {
  return new Promise((resolve, reject) => {
    const socket = io(url, { path: '/socket.io', transports: ['websocket'], auth: { token }, reconnection: false, forceNew: true });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

async function chatRun(hubs, load) {
  const owner = await register(hubs[0].url);
  const rooms = [];
  for (let r = 0; r < ROOMS; r++) rooms.push(await json(`${hubs[0].url}/api/rooms`, 'POST', { name: `bench ${r}`, topic: 'scale', visibility: 'public' }, owner.token));
  const clients = [];
  for (let i = 0; i < ROOMS * PER_ROOM; i++) {
    const hub = hubs[i % hubs.length];
    const user = await register(hub.url);
    const socket = await connect(hub.url, user.token);
    const room = rooms[i % ROOMS];
    const ack = await socket.timeout(20_000).emitWithAck('room:join', { roomId: room.id });
    if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
    clients.push({ socket, roomId: room.id });
  }
  const latencies = [];
  let deliveries = 0;
  let measuring = false;
  for (const { socket } of clients) {
    socket.on('message:new', ({ message }) => {
      if (!measuring) return;
      deliveries++;
      const sentAt = Number(message.body.split(' ')[0]);
      if (sentAt) latencies.push(Date.now() - sentAt);
    });
  }
  await sleep(1000);
  const cpuBefore = hubs.map((h) => cpuSeconds(h.child.pid));
  measuring = true;
  const started = Date.now();
  const interval = 1000 / load.messagesPerSecond;
  let sent = 0;
  let failed = 0;
  let next = started;
  let k = 0;
  while (Date.now() - started < load.seconds * 1000) {
    const client = clients[k++ % clients.length];
    sent++;
    client.socket
      .timeout(20_000)
      .emitWithAck('message:send', { roomId: client.roomId, body: `${Date.now()} load`, clientId: `b${k}-${sent}` })
      .then((ack) => (ack.ok ? undefined : failed++), () => failed++);
    next += interval;
    const wait = next - Date.now();
    if (wait > 0) await sleep(wait);
  }
  // Let the tail arrive.
  const sendEnded = Date.now();
  await sleep(2000);
  measuring = false;
  const elapsed = (sendEnded - started) / 1000;
  const cpu = hubs.map((h, i) => cpuSeconds(h.child.pid) - cpuBefore[i]);
  for (const { socket } of clients) socket.close();
  return {
    sent,
    failed,
    expectedDeliveries: sent * PER_ROOM,
    deliveries,
    deliveredFraction: round(deliveries / (sent * PER_ROOM), 3),
    deliveriesPerSecond: round(deliveries / elapsed, 0),
    latencyMs: { p50: pct(latencies, 50), p99: pct(latencies, 99), max: latencies.reduce((a, b) => Math.max(a, b), 0) || null },
    hubCpuSeconds: round(cpu.reduce((a, b) => a + b, 0)),
    hubCpuPerProcess: cpu.map((c) => round(c)),
  };
}

async function withHubs(count, redisUrl, fn) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-scale-'));
  const env = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `bench${Date.now()}`,
    DATA_DIR: dataDir,
    CLIENT_DIR: path.join(dataDir, 'none'),
    SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123456789',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    CHAT_SEND_BURST: '100000',
    CHAT_SEND_PER_SECOND: '100000',
  };
  const hubs = [];
  try {
    for (let i = 0; i < count; i++) hubs.push(await startHub(env));
    return await fn(hubs);
  } finally {
    for (const h of hubs) h.child.kill('SIGTERM');
    await sleep(500);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function yjsRun(hubs) {
  const owner = await register(hubs[0].url);
  const nb = await json(`${hubs[0].url}/api/notebooks`, 'POST', { title: 'relay bench' }, owner.token);
  const open = (hub) =>
    new Promise((resolve) => {
      const doc = new Y.Doc();
      const provider = new WebsocketProvider(`${hub.url.replace(/^http/, 'ws')}/yjs`, nb.docName, doc, {
        params: { token: owner.token },
        WebSocketPolyfill: WebSocket,
        disableBc: true,
      });
      const check = () => {
        if (provider.synced && doc.getArray('cells').length > 0) resolve({ doc, provider, text: () => doc.getArray('cells').get(0).get('source') });
        else setTimeout(check, 20);
      };
      check();
    });
  const editor = await open(hubs[0]);
  const same = await open(hubs[0]);
  const other = await open(hubs[1]);
  await sleep(500);
  const TOKEN = 8;
  const base = editor.text().length;
  const sentAt = [];
  const arrivals = { sameProcess: [], acrossProcesses: [] };
  const watch = (client, into) => {
    let seen = 0;
    client.doc.on('update', () => {
      const n = Math.floor((client.text().length - base) / TOKEN);
      const now = Date.now();
      for (; seen < n; seen++) if (sentAt[seen] !== undefined) into.push(now - sentAt[seen]);
    });
  };
  watch(same, arrivals.sameProcess);
  watch(other, arrivals.acrossProcesses);
  const EDITS = 200;
  for (let i = 0; i < EDITS; i++) {
    sentAt[i] = Date.now();
    editor.text().insert(editor.text().length, `|${String(i).padStart(6, '0')}|`.slice(0, TOKEN));
    await sleep(50);
  }
  await sleep(2000);
  for (const c of [editor, same, other]) c.provider.destroy();
  const summary = (xs) => ({ received: xs.length, p50: pct(xs, 50), p99: pct(xs, 99), max: xs.reduce((a, b) => Math.max(a, b), 0) || null });
  return { edits: EDITS, sameProcess: summary(arrivals.sameProcess), acrossProcesses: summary(arrivals.acrossProcesses) };
}

async function main() {
  const t0 = Date.now();
  const redis = await startRedis();
  const report = { machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model }, chat: {}, notebooks: null };
  try {
    for (const load of LOADS) {
      const one = await withHubs(1, redis.url, (hubs) => chatRun(hubs, load));
      const two = await withHubs(2, redis.url, (hubs) => chatRun(hubs, load));
      report.chat[load.name] = {
        load,
        oneProcess: one,
        twoProcesses: two,
        ratio: {
          deliveriesPerSecond: round(two.deliveriesPerSecond / one.deliveriesPerSecond),
          latencyP50: one.latencyMs.p50 ? round(two.latencyMs.p50 / one.latencyMs.p50) : null,
          latencyP99: one.latencyMs.p99 ? round(two.latencyMs.p99 / one.latencyMs.p99) : null,
          hubCpu: round(two.hubCpuSeconds / one.hubCpuSeconds),
        },
      };
      console.log(`chat ${load.name}:`, JSON.stringify(report.chat[load.name].ratio), `1p p50/p99 ${one.latencyMs.p50}/${one.latencyMs.p99} ms, 2p ${two.latencyMs.p50}/${two.latencyMs.p99} ms, deliveries/s ${one.deliveriesPerSecond} vs ${two.deliveriesPerSecond}`);
    }
    report.notebooks = await withHubs(2, redis.url, (hubs) => yjsRun(hubs));
    console.log('yjs relay:', JSON.stringify(report.notebooks));
  } finally {
    await redis.stop();
  }
  report.durationS = Math.round((Date.now() - t0) / 1000);
  // The rows scripts/bench.mjs puts in bench/results/summary.md: what the second process buys, no target.
  report.summary = [
    ...Object.entries(report.chat).map(([name, r]) => ({ measure: `chat deliveries/s on 2 processes, ${name} load`, ours: r.twoProcesses.deliveriesPerSecond, baselines: { '1 process': r.oneProcess.deliveriesPerSecond }, ratio: r.ratio.deliveriesPerSecond, target: null, met: null })),
    ...Object.entries(report.chat).map(([name, r]) => ({ measure: `chat delivery p99 on 2 processes, ${name} load, ms`, ours: r.twoProcesses.latencyMs.p99, baselines: { '1 process': r.oneProcess.latencyMs.p99 }, ratio: r.ratio.latencyP99, target: null, met: null })),
    { measure: 'notebook edit arrival p99 across processes (Redis relay), ms', ours: report.notebooks.acrossProcesses.p99, baselines: { 'same process': report.notebooks.sameProcess.p99 }, ratio: report.notebooks.sameProcess.p99 ? round(report.notebooks.acrossProcesses.p99 / report.notebooks.sameProcess.p99) : null, target: null, met: null },
  ];
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'scale.json'), JSON.stringify(report, null, 2));
  console.log(`wrote bench/results/scale.json in ${report.durationS} s`);
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
