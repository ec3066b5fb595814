#!/usr/bin/env node
// bench/chat: the capacity of live chat fan-out, Cohort's hub against a bare Socket.io server, same run.
//
// Method. N clients (100, then 500) sit in rooms of 100 (one room, then five); every client sends, in
// turn, so the offered load is a rate of messages per second spread over all clients and rooms; each
// message is delivered to the 100 members of its room. The rate doubles until a step fails, then bisects
// (bench/lib/capacitySearch.mjs); a step passes while >= 95% of the offered deliveries arrive and the p99
// send-to-delivery latency is <= 100 ms. The two servers' steps alternate, so a busy moment hits both.
// Reported per server: the highest sustained rate (messages/s and deliveries/s), p50/p99 there, and server
// CPU per delivery (process.cpuUsage inside the server process / deliveries counted at the clients).
//
// Processes. Each server runs in its own child process (bench/lib/serverProcess.mjs); all clients are this
// process, on raw WebSockets speaking Engine.io/Socket.io (chatClient.mjs): 10 observers per room parse
// everything and time each message; the other clients only peek at the packet type and count it. Client
// CPU is reported per step: when it nears 100%, the clients, not the server, were the limit.
//
// The servers. The hub runs as in production (auth, validation, SQLite WAL append before ack and
// broadcast, presenters, connection-state recovery), minus its send and auth rate limits and semantic
// indexing (hubServer.mjs). The baseline acks and broadcasts a message of the hub's shape and size
// (socketIoServer.mjs). Results: bench/results/chat.json. Run: `npm run bench chat`.
// Shorter runs while developing: CHAT_CLIENTS=100 CHAT_STEP_SECONDS=2 node bench/chat/index.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectChatClient, newStats, stats } from './chatClient.mjs';
import { latencySummary, machine, round, summaryRow, verdict, waitForQuiet, writeResult } from '../lib/benchReport.mjs';
import { searchCapacities } from '../lib/capacitySearch.mjs';
import { startServerProcess } from '../lib/serverProcess.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const CLIENT_COUNTS = (process.env.CHAT_CLIENTS ?? '100,500').split(',').map(Number);
const ROOM_SIZE = 100;
const OBSERVERS_PER_ROOM = 10;
const STEP_SECONDS = Number(process.env.CHAT_STEP_SECONDS ?? 4);
const DRAIN_MS = 2000;
const START_RATE = 20; // messages/s: 2,000 deliveries/s
const MAX_RATE = 5000;
const BODY_CHARS = 80;
const SERVERS = ['hub', 'socket.io'];
const BASELINE = 'socket.io';

/** For profiling: CHAT_FIXED_RATE=<messages/s> runs 3 steps at that rate per server, no search, writes nothing. */
const FIXED_RATE = Number(process.env.CHAT_FIXED_RATE ?? 0);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(line);

async function postJson(url, body, token) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const json = await res.json();
  if (!res.ok) throw new Error(`${url}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Hub users (argon2 makes registering the slow part: a few at a time) and its public rooms. */
async function prepareHub(url, users, roomCount) {
  const tokens = [];
  const stamp = Date.now().toString(36);
  for (let i = 0; i < users; i += 8) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(8, users - i) }, (_, j) =>
        postJson(`${url}/api/auth/register`, { username: `b${stamp}${i + j}`, password: 'bench password 1', displayName: `Bench ${i + j}` }),
      ),
    );
    tokens.push(...batch.map((b) => b.token));
  }
  const roomIds = [];
  for (let r = 0; r < roomCount; r++) roomIds.push((await postJson(`${url}/api/rooms`, { name: `bench room ${r}`, topic: 'fan-out', visibility: 'public' }, tokens[0])).id);
  return { tokens, roomIds };
}

async function connectAll(url, count, tokens, roomIds) {
  const clients = [];
  for (let i = 0; i < count; i += 25) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(25, count - i) }, async (_, j) => {
        const n = i + j;
        const client = await connectChatClient(url, { token: tokens?.[n], observer: n % ROOM_SIZE < OBSERVERS_PER_ROOM });
        await client.join(roomIds[Math.floor(n / ROOM_SIZE)]);
        return client;
      }),
    );
    clients.push(...batch);
  }
  return clients;
}

/** Senders in an order that visits every room in turn, so each room gets its share of the rate. */
function senderOrder(clients) {
  const rooms = Math.ceil(clients.length / ROOM_SIZE);
  const order = [];
  for (let k = 0; k < ROOM_SIZE; k++) for (let r = 0; r < rooms; r++) if (clients[r * ROOM_SIZE + k]) order.push(clients[r * ROOM_SIZE + k]);
  return order;
}

function body() {
  const head = `t:${performance.now().toFixed(3)} `;
  return head + 'x'.repeat(Math.max(0, BODY_CHARS - head.length));
}

/** One step: `rate` messages/s for STEP_SECONDS, then up to DRAIN_MS for what is in flight. */
async function runStep(server, clients, rate, label) {
  const senders = senderOrder(clients);
  const roomSizeOf = (c) => clients.filter((x) => x.roomId === c.roomId).length;
  const sizes = new Map(senders.map((c) => [c, roomSizeOf(c)]));
  await sleep(300);
  const s = (stats.current = newStats());
  const cpu0 = await server.cpuMs();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const total = Math.max(1, Math.round(rate * STEP_SECONDS));
  let sent = 0;
  let expected = 0;
  let expectedObserved = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (sent < due) {
        const c = senders[sent % senders.length];
        c.send(c.roomId, body(), `${label}-${sent}`);
        expected += sizes.get(c);
        expectedObserved += Math.min(OBSERVERS_PER_ROOM, sizes.get(c));
        sent++;
      }
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendEnd = performance.now();
  while (s.events < expected && performance.now() - sendEnd < DRAIN_MS) await sleep(10);
  const wallMs = performance.now() - t0;
  const cpuMs = (await server.cpuMs()) - cpu0;
  const c = process.cpuUsage(client0);
  const latencyMs = latencySummary(s.latencies);
  const deliveredRatio = round(s.events / expected, 4);
  const result = {
    rate,
    deliveriesPerSecondOffered: round((expected / (sendEnd - t0)) * 1000, 0),
    messages: total,
    deliveries: s.events,
    expectedDeliveries: expected,
    deliveredRatio,
    observedRatio: round(s.observed / expectedObserved, 4),
    failedAcks: s.acksFailed,
    latencyMs,
    serverCpuMs: round(cpuMs, 0),
    serverCpuMicrosPerDelivery: s.events ? round((cpuMs * 1000) / s.events) : null,
    serverCpuShare: round(cpuMs / wallMs),
    clientCpuShare: round((c.user + c.system) / 1000 / wallMs),
    wallMs: round(wallMs, 0),
    // Below 1 when this process could not even send at the offered rate: the clients were the limit.
    offeredRatio: round(total / rate / ((sendEnd - t0) / 1000), 3),
    ...verdict(deliveredRatio, latencyMs),
  };
  if (result.offeredRatio < 0.95) Object.assign(result, { passed: false, clientBound: true, reason: `clients sent only ${Math.round(result.offeredRatio * 100)}% of the offered rate` });
  return result;
}

/** The highest rate of the doubling that both servers passed, and each one's step there. */
function commonRate(phase) {
  let best = null;
  for (let r = START_RATE; r <= MAX_RATE; r *= 2) if (SERVERS.every((s) => phase[s].steps.some((x) => x.passed && x.rate === r))) best = r;
  if (best === null) return null;
  return { rate: best, steps: Object.fromEntries(SERVERS.map((s) => [s, phase[s].steps.filter((x) => x.passed && x.rate === best).at(-1)])) };
}

async function main() {
  const started = Date.now();
  const loadAtStart = await waitForQuiet();
  console.log(`bench/chat on ${machine().cpus} x ${machine().model}, node ${process.version}, load ${loadAtStart.toFixed(2)}`);
  const servers = {
    hub: await startServerProcess(path.join(here, 'hubServer.mjs'), {}, { name: 'chat-hub' }),
    'socket.io': await startServerProcess(path.join(here, 'socketIoServer.mjs'), {}, { name: 'chat-socketio' }),
  };
  const phases = {};
  try {
    const maxClients = Math.max(...CLIENT_COUNTS);
    const roomsPer = CLIENT_COUNTS.map((n) => Math.ceil(n / ROOM_SIZE));
    const prepared = await prepareHub(servers.hub.info.url, maxClients, roomsPer.reduce((a, b) => a + b, 0));
    let roomOffset = 0;
    let templateSet = false;
    for (const [p, count] of CLIENT_COUNTS.entries()) {
      const roomIds = prepared.roomIds.slice(roomOffset, roomOffset + roomsPer[p]);
      roomOffset += roomsPer[p];
      const clients = {
        hub: await connectAll(servers.hub.info.url, count, prepared.tokens, roomIds),
        'socket.io': await connectAll(servers['socket.io'].info.url, count, null, roomIds),
      };
      if (!templateSet) {
        // The baseline broadcasts exactly what the hub does: its presented message, fields and sizes.
        const answer = await clients.hub[0].request('message:send', { roomId: roomIds[0], body: body(), clientId: 'template' });
        await servers['socket.io'].call('setTemplate', answer.message);
        templateSet = true;
      }
      const name = `clients${count}`;
      console.log(`-- ${name}: ${count} clients in ${roomIds.length} room(s) of ${ROOM_SIZE}, ${STEP_SECONDS} s steps`);
      // Warm-up (JIT, SQLite caches), not counted.
      for (const s of SERVERS) await runStep(servers[s], clients[s], START_RATE * 4, `${name}-warm`);
      let n = 0;
      if (FIXED_RATE) {
        for (let i = 0; i < 3; i++) {
          for (const s of SERVERS) {
            const st = await runStep(servers[s], clients[s], FIXED_RATE, `${name}-fixed-${n++}`);
            console.log(`  ${s.padEnd(10)} ${FIXED_RATE}/s delivered ${(st.deliveredRatio * 100).toFixed(1)}% p50 ${st.latencyMs.p50} p99 ${st.latencyMs.p99} ms, ${st.serverCpuMicrosPerDelivery} µs/delivery, server ${Math.round(st.serverCpuShare * 100)}% client ${Math.round(st.clientCpuShare * 100)}%`);
          }
        }
        for (const s of SERVERS) clients[s].forEach((c) => c.close());
        continue;
      }
      const search = await searchCapacities(SERVERS, {
        start: START_RATE,
        maxRate: MAX_RATE,
        runStep: (s, rate) => runStep(servers[s], clients[s], rate, `${name}-${s}-${n++}`),
        log,
      });
      phases[name] = { clients: count, rooms: roomIds.length, roomSize: ROOM_SIZE, ...search };
      for (const s of SERVERS) clients[s].forEach((c) => c.close());
      await sleep(1000);
    }
  } finally {
    for (const s of SERVERS) await servers[s].stop();
  }

  if (FIXED_RATE) process.exit(0);
  const summary = [];
  for (const [name, phase] of Object.entries(phases)) {
    const at = (s) => phase[s].atCapacity;
    const value = (s, f) => (at(s) ? f(at(s)) : null);
    const baselines = (f) => ({ [BASELINE]: value(BASELINE, f) });
    const bound = SERVERS.filter((s) => phase[s].clientBound);
    const capNote = bound.length ? ` (client-bound, so at least: ${bound.join(', ')})` : '';
    summary.push(summaryRow({ measure: `chat capacity, deliveries/s, ${phase.clients} clients${capNote}`, ours: value('hub', (x) => x.rate * phase.roomSize), baselines: baselines((x) => x.rate * phase.roomSize), against: BASELINE, better: 'higher', factor: 0.9 }));
    for (const [key, label] of [['p50', 'p50'], ['p99', 'p99']]) {
      summary.push({ ...summaryRow({ measure: `chat ${label} at capacity, ms, ${phase.clients} clients`, ours: value('hub', (x) => x.latencyMs[key]), baselines: baselines((x) => x.latencyMs[key]), against: BASELINE, better: 'lower' }), target: null, met: null });
    }
    summary.push({ ...summaryRow({ measure: `chat server CPU per delivery at capacity, µs, ${phase.clients} clients`, ours: value('hub', (x) => x.serverCpuMicrosPerDelivery), baselines: baselines((x) => x.serverCpuMicrosPerDelivery), against: BASELINE, better: 'lower' }), target: null, met: null });
    // The same offered load for both: the highest rate of the doubling that both sustained.
    const common = commonRate(phase);
    if (common) {
      const c = (s) => common.steps[s].serverCpuMicrosPerDelivery;
      summary.push({ ...summaryRow({ measure: `chat server CPU per delivery at ${common.rate * phase.roomSize} deliveries/s, µs, ${phase.clients} clients`, ours: c('hub'), baselines: { [BASELINE]: c(BASELINE) }, against: BASELINE, better: 'lower' }), target: null, met: null });
      const l = (s) => common.steps[s].latencyMs.p99;
      summary.push({ ...summaryRow({ measure: `chat p99 at ${common.rate * phase.roomSize} deliveries/s, ms, ${phase.clients} clients`, ours: l('hub'), baselines: { [BASELINE]: l(BASELINE) }, against: BASELINE, better: 'lower' }), target: null, met: null });
    }
  }
  const report = {
    bench: 'chat',
    at: new Date().toISOString(),
    machine: { ...machine(), loadAverageAtStart: round(loadAtStart) },
    method: {
      roomSize: ROOM_SIZE,
      observersPerRoom: OBSERVERS_PER_ROOM,
      stepSeconds: STEP_SECONDS,
      drainMs: DRAIN_MS,
      bodyChars: BODY_CHARS,
      pass: '>= 95% of offered deliveries delivered and p99 <= 100 ms; a failing step is re-run once',
      search: `doubling from ${START_RATE} msg/s, then bisection to within 10%`,
      hub: 'production config (auth, zod, SQLite WAL append before ack and broadcast, connection-state recovery); send/auth rate limits lifted; semantic indexing off',
      baseline: 'bare Socket.io: ack + broadcast to the room of a message with the hub message shape; no auth, no validation, no storage',
    },
    phases,
    summary,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  writeResult(root, 'chat', report);
  for (const row of summary) console.log(`  ${row.measure}: hub ${row.ours}, ${BASELINE} ${row.baselines[BASELINE]}, ratio ${row.ratio}${row.target ? `, target ${row.target}: ${row.met ? 'met' : 'NOT met'}` : ''}`);
  console.log(`wrote bench/results/chat.json in ${report.durationS} s (load average now ${machine().loadAverage.join(' ')})`);
  process.exit(0);
}

await main();
