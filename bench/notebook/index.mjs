#!/usr/bin/env node
// bench/notebook: Yjs co-editing of one notebook, Cohort's /yjs gateway against the stock
// @y/websocket-server@0.1.1 (Yjs 13 line) under the same clients in the same run.
//
// Each server runs in its own child process; the clients are this process. N editors (20, then 50) each make
// 10 small edits a second (3 characters into the first cell's Y.Text). Four of them are full stock
// y-websocket WebsocketProviders that apply everything they receive and time it: propagation latency is
// "edit made at one observer -> arrives at another observer" (one clock, one process). The other editors are
// light protocol clients (sync, then send their own updates, ignore incoming ones) so that the client side
// does not saturate this 2-core machine before the servers do; the servers get identical traffic either way.
//
// Measured per server and phase: deliveries/s at the observers (throughput), latency p50/p99, server CPU
// (process.cpuUsage of the server child). For the hub also the bytes it stored per edit: the log as appended
// (before compaction) and what is left after its graceful stop compacts it, against the final document's
// encoded size. The stock server stores nothing (no persistence configured), so it has no storage figures.
//
// The baseline, @y/websocket-server@0.1.1, is a devDependency of the repo (its optional LevelDB
// persistence is not built: install scripts for leveldown are denied in package.json). YWS_DIR can point
// at another install of it.
// Results: bench/results/notebook.json. Loopback only; about 2 minutes.
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
const YWS_DIR = process.env.YWS_DIR ?? root;
const PLAN = [
  { name: 'editors20', editors: 20, seconds: 12 },
  { name: 'editors50', editors: 50, seconds: 12 },
];
const RATE = 10; // edits per editor per second
const OBSERVERS = 4;

// ---------------------------------------------------------------- server child processes

async function serveBaseline() {
  const ywsRequire = createRequire(path.join(YWS_DIR, 'package.json'));
  const { setupWSConnection } = ywsRequire('@y/websocket-server/utils');
  const { Server: WebSocketServer } = ywsRequire('ws');
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `ws://127.0.0.1:${server.address().port}`,
    docName: 'notebook:bench',
    params: {},
    stop: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => server.close(r));
      return {};
    },
  };
}

async function serveHub() {
  const { startHub } = require(path.join(root, 'server', 'dist', 'main.js'));
  const { loadConfig } = require(path.join(root, 'server', 'dist', 'config.js'));
  const { openStore } = require(path.join(root, 'server', 'dist', 'store', 'openStore.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-nb-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EMBEDDINGS: 'off',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
  });
  const hub = await startHub(config);
  // Count what the gateway appends to the log (the harness watches the port; the hub is unchanged).
  const documents = hub.store.documents;
  const append = documents.appendUpdate.bind(documents);
  let appendedBytes = 0;
  let appends = 0;
  documents.appendUpdate = async (docName, update) => {
    appendedBytes += update.byteLength;
    appends++;
    return append(docName, update);
  };
  const call = async (method, url, body, token) => {
    const res = await fetch(`${hub.url}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const { token } = await call('POST', '/api/auth/register', { username: 'bench_owner', password: 'bench-password-1', displayName: 'Bench' });
  const nb = await call('POST', '/api/notebooks', { title: 'Bench notebook' }, token);
  const docName = nb.docName;
  const startAppends = { bytes: appendedBytes, count: appends };
  return {
    base: hub.url.replace(/^http/, 'ws') + '/yjs',
    docName,
    params: { token },
    stop: async () => {
      const before = await documents.stats(docName);
      await hub.stop(); // unloads the document: flushes and compacts
      const store = await openStore(config);
      const after = await store.documents.stats(docName);
      await store.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return {
        appendedBytes: appendedBytes - startAppends.bytes,
        appends: appends - startAppends.count,
        storedBeforeStop: before,
        storedAfterCompaction: after,
      };
    },
  };
}

// ---------------------------------------------------------------- the clients (parent process)

function startServer(kind) {
  // BENCH_PROFILE=1 writes a CPU profile of each server child to the temp dir (for looking into a result).
  const execArgv = process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${os.tmpdir()}/cohort-bench-prof`] : [];
  const child = fork(fileURLToPath(import.meta.url), ['--serve', kind], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  const replies = [];
  const waiters = [];
  child.on('message', (m) => (waiters.length ? waiters.shift()(m) : replies.push(m)));
  const next = () => new Promise((resolve) => (replies.length ? resolve(replies.shift()) : waiters.push(resolve)));
  const ask = async (message) => {
    child.send(message);
    return next();
  };
  return { child, next, ask };
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(2);
}

async function runPhase(kind, phase) {
  const Y = require('yjs');
  const { WebsocketProvider } = require('y-websocket');
  const WebSocket = require('ws');
  const encoding = require('lib0/encoding');
  const decoding = require('lib0/decoding');
  const server = startServer(kind);
  const ready = await server.next();
  const { base, docName, params } = ready;
  const url = `${base}/${docName}?${new URLSearchParams(params)}`;

  const sentAt = new Map(); // `${client}:${clock}` -> ms
  const latencies = [];
  let delivered = 0;
  let measuring = false;

  // Full observers: stock providers that apply everything and time what they receive.
  const observers = [];
  for (let i = 0; i < OBSERVERS; i++) {
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(base, docName, doc, { params, WebSocketPolyfill: WebSocket, disableBc: true });
    doc.on('update', (update, origin) => {
      if (origin !== provider || !measuring) return;
      const now = performance.now();
      for (const s of Y.decodeUpdate(update).structs) {
        for (let c = s.id.clock; c < s.id.clock + s.length; c++) {
          const t = sentAt.get(`${s.id.client}:${c}`);
          if (t !== undefined) {
            latencies.push(now - t);
            delivered++;
          }
        }
      }
    });
    observers.push({ doc, provider });
  }
  await Promise.all(observers.map((o) => new Promise((resolve) => (o.provider.synced ? resolve() : o.provider.once('sync', resolve)))));
  // The baseline starts empty: give its document the notebook shape (the hub made it at creation).
  const cells = observers[0].doc.getArray('cells');
  if (cells.length === 0) {
    observers[0].doc.transact(() => {
      const cell = new Y.Map();
      cell.set('id', 'c1');
      cell.set('type', 'markdown');
      cell.set('source', new Y.Text(''));
      cells.push([cell]);
    });
  }
  while (observers.some((o) => o.doc.getArray('cells').length === 0)) await sleep(10);

  // Light editors: sync once, then only send their own edits.
  const light = [];
  for (let i = 0; i < phase.editors - OBSERVERS; i++) {
    const doc = new Y.Doc();
    const ws = new WebSocket(url, { perMessageDeflate: false });
    let synced = false;
    const done = new Promise((resolve) => {
      ws.on('message', (data) => {
        if (synced) return;
        const d = decoding.createDecoder(new Uint8Array(data));
        if (decoding.readVarUint(d) !== 0) return;
        const step = decoding.readVarUint(d);
        const payload = decoding.readVarUint8Array(d);
        if (step === 0) {
          const e = encoding.createEncoder();
          encoding.writeVarUint(e, 0);
          encoding.writeVarUint(e, 1);
          encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, payload));
          ws.send(encoding.toUint8Array(e));
        } else if (step === 1) {
          Y.applyUpdate(doc, payload, 'server');
          if (doc.getArray('cells').length > 0) {
            synced = true;
            resolve();
          }
        }
      });
    });
    ws.on('open', () => {
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
      ws.send(encoding.toUint8Array(e));
    });
    ws.on('error', () => {});
    doc.on('update', (update, origin) => {
      if (origin === 'server' || ws.readyState !== 1) return;
      const e = encoding.createEncoder();
      encoding.writeVarUint(e, 0);
      encoding.writeVarUint(e, 2);
      encoding.writeVarUint8Array(e, update);
      ws.send(encoding.toUint8Array(e));
    });
    light.push({ doc, ws, done });
  }
  await Promise.all(light.map((l) => l.done));

  const editors = [...observers.map((o) => o.doc), ...light.map((l) => l.doc)];
  const textOf = (doc) => doc.getArray('cells').get(0).get('source');
  await server.ask({ type: 'cpu-start' });
  measuring = true;
  let edits = 0;
  const start = performance.now();
  const interval = 1000 / RATE;
  // Each editor on its own timer, phase-shifted so the load is smooth.
  const timers = editors.map((doc, i) =>
    setTimeout(function tick() {
      const text = textOf(doc);
      const clock = Y.getState(doc.store, doc.clientID);
      const t = performance.now();
      // One key per edit: its first character's id (an edit is one 3-character item).
      sentAt.set(`${doc.clientID}:${clock}`, t);
      text.insert(Math.floor(text.length / 2), 'ab ');
      edits++;
      timers[i] = setTimeout(tick, interval);
    }, (i * interval) / editors.length),
  );
  await sleep(phase.seconds * 1000);
  timers.forEach((t) => clearTimeout(t));
  // Let what is in flight arrive, then stop counting.
  await sleep(1000);
  measuring = false;
  const elapsed = (performance.now() - start) / 1000;
  const { ms: serverCpuMs } = await server.ask({ type: 'cpu-stop' });
  const finalDocBytes = Y.encodeStateAsUpdate(observers[0].doc).byteLength;
  // Each observer expects every edit made by the other editors (its own come back to nobody).
  const expected = edits * OBSERVERS - edits * (OBSERVERS / editors.length);
  for (const o of observers) o.provider.destroy();
  for (const l of light) l.ws.close();
  const { storage } = await server.ask({ type: 'stop' });

  latencies.sort((a, b) => a - b);
  const result = {
    editors: phase.editors,
    edits,
    editsPerSecond: +(edits / phase.seconds).toFixed(1),
    delivered,
    expectedDeliveries: Math.round(expected),
    deliveredPerSecond: +(delivered / elapsed).toFixed(1),
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.length ? +latencies.at(-1).toFixed(2) : null },
    serverCpuMs: Math.round(serverCpuMs),
    serverCpuMicrosPerEdit: +((serverCpuMs * 1000) / edits).toFixed(1),
    finalDocBytes,
  };
  if (storage.appends !== undefined) {
    result.storage = {
      logAppends: storage.appends,
      bytesPerEditBeforeCompaction: +(storage.appendedBytes / edits).toFixed(1),
      storedBytesAtEnd: storage.storedBeforeStop.bytes,
      storedBytesAfterCompaction: storage.storedAfterCompaction.bytes,
      bytesPerEditAfterCompaction: +(storage.storedAfterCompaction.bytes / edits).toFixed(2),
      afterCompactionVsFinalDoc: +(storage.storedAfterCompaction.bytes / finalDocBytes).toFixed(2),
    };
  }
  return result;
}

async function main() {
  if (!fs.existsSync(path.join(YWS_DIR, 'node_modules', '@y', 'websocket-server'))) {
    console.error(`bench/notebook: the baseline @y/websocket-server is missing under ${YWS_DIR}; run npm ci (or set YWS_DIR)`);
    process.exit(1);
  }
  const out = {
    bench: 'notebook',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, platform: `${os.platform()} ${os.release()}` },
    plan: PLAN.map((p) => ({ ...p, editsPerEditorPerSecond: RATE, observers: OBSERVERS })),
    baseline: {},
    hub: {},
    ratios: {},
  };
  // BENCH_ONLY=editors50 runs one phase (for profiling); the full plan otherwise.
  for (const phase of PLAN.filter((p) => !process.env.BENCH_ONLY || p.name === process.env.BENCH_ONLY)) {
    for (const kind of ['baseline', 'hub']) {
      const r = await runPhase(kind, phase);
      out[kind][phase.name] = r;
      console.log(`${kind.padEnd(8)} ${phase.name}: ${r.deliveredPerSecond}/s delivered, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms, server CPU ${r.serverCpuMs} ms${r.storage ? `, stored ${r.storage.bytesPerEditBeforeCompaction} B/edit before, ${r.storage.bytesPerEditAfterCompaction} B/edit after compaction (${r.storage.afterCompactionVsFinalDoc}x final doc)` : ''}`);
    }
    const b = out.baseline[phase.name];
    const h = out.hub[phase.name];
    out.ratios[phase.name] = {
      throughputVsStock: +(h.deliveredPerSecond / b.deliveredPerSecond).toFixed(3),
      p50VsStock: +(h.latencyMs.p50 / b.latencyMs.p50).toFixed(2),
      p99VsStock: +(h.latencyMs.p99 / b.latencyMs.p99).toFixed(2),
      serverCpuVsStock: +(h.serverCpuMs / b.serverCpuMs).toFixed(2),
    };
  }
  if (process.env.BENCH_ONLY) {
    console.log(JSON.stringify(out.ratios, null, 2));
    process.exit(0);
  }
  const h50 = out.hub.editors50;
  out.targets = {
    throughputAtLeast80PercentOfStock: Object.values(out.ratios).every((r) => r.throughputVsStock >= 0.8),
    p99AtMost100msAt50Editors: h50.latencyMs.p99 <= 100,
    storedAfterCompactionAtMost2xFinalDoc: Object.values(out.hub).every((r) => r.storage.afterCompactionVsFinalDoc <= 2),
  };
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  fs.writeFileSync(path.join(root, 'bench', 'results', 'notebook.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify({ ratios: out.ratios, targets: out.targets }, null, 2));
  // Providers keep timers of their own; the figures are written, so end here.
  process.exit(0);
}

// ---------------------------------------------------------------- entry

if (process.argv[2] === '--serve') {
  const kind = process.argv[3];
  const running = kind === 'hub' ? await serveHub() : await serveBaseline();
  let cpu = process.cpuUsage();
  process.on('message', async (m) => {
    if (m.type === 'cpu-start') {
      cpu = process.cpuUsage();
      process.send({ type: 'ok' });
    } else if (m.type === 'cpu-stop') {
      const d = process.cpuUsage(cpu);
      process.send({ type: 'cpu', ms: (d.user + d.system) / 1000 });
    } else if (m.type === 'stop') {
      const storage = await running.stop();
      process.send({ type: 'stopped', storage });
      process.exit(0);
    }
  });
  process.send({ type: 'ready', base: running.base, docName: running.docName, params: running.params });
} else {
  await main();
}
