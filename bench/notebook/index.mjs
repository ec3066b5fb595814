#!/usr/bin/env node
// bench/notebook: the capacity of Yjs co-editing of one notebook: Cohort's hub against the stock y-websocket
// server and Hocuspocus, same clients, same run.
//
// Method. E editors (20, then 50) type into the first cell of one notebook; the offered load is a rate of
// updates per second over all editors (each update 3 characters, sent round-robin), and every update is
// due at the E - 1 other editors. The rate doubles from 125/s until a step fails, then bisects
// (bench/lib/capacitySearch.mjs); a step passes while >= 95% of the due deliveries arrive and the p99
// edit-to-delivery latency is <= 100 ms, both measured at 5 observing editors (editorClient.mjs). Each step is a fresh document (editors connect and sync, type for
// STEP_SECONDS, disconnect), so no server carries a larger document into its next step than another.
// The three servers' steps alternate, so a busy moment hits all of them.
//
// Reported per server: the capacity, p50/p99, and server CPU per update (process.cpuUsage in the server
// process, from the first edit until the document has been unloaded and, where the server persists, stored:
// what each update costs including its persistence). CPU per update and latency are compared at the same
// offered rate: the highest rate of the doubling that every server sustained.
//
// Processes. Each server runs in its own child process (bench/lib/serverProcess.mjs); the editors are this
// process, on raw WebSockets (editorClient.mjs), which after the sync only peek at what they receive.
// Client CPU is reported per step: when it nears 100%, the clients, not the server, were the limit.
//
// Persistence, for an honest comparison: the hub appends every update to SQLite before it applies and
// broadcasts it (hubServer.mjs); the stock server persists nothing (stockServer.mjs); Hocuspocus, as Outline
// deploys it, stores the whole document debounced, after broadcast (hocuspocusServer.mjs).
// Results: bench/results/notebook.json. Run: `npm run bench notebook`.
// Shorter runs while developing: NOTEBOOK_EDITORS=20 NOTEBOOK_STEP_SECONDS=2 node bench/notebook/index.mjs
// BENCH_PROFILE=<dir> writes a .cpuprofile of each server process; NOTEBOOK_SERVERS=hub limits who runs.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectEditor, newStats, sentAt, stats } from './editorClient.mjs';
import { latencySummary, machine, round, summaryRow, verdict, waitForQuiet, writeResult } from '../lib/benchReport.mjs';
import { searchCapacities } from '../lib/capacitySearch.mjs';
import { startServerProcess } from '../lib/serverProcess.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const EDITOR_COUNTS = (process.env.NOTEBOOK_EDITORS ?? '20,50').split(',').map(Number);
const STEP_SECONDS = Number(process.env.NOTEBOOK_STEP_SECONDS ?? 4);
const DRAIN_MS = 2000;
/** After the editors leave: the hub unloads and compacts, Hocuspocus stores, the stock server drops the doc. */
const UNLOAD_MS = 800;
/** Editors that time every delivery; every editor is due every other's edits, so these few stand for all. */
const OBSERVERS = 5;
const START_RATE = 125; // 500/s, 50 editors typing 10 updates/s each, is on the doubling
const MAX_RATE = 64_000;
// BENCH_CANDIDATE_DIST=<another build's server/dist> adds that build as a fourth server, `candidate`: to
// measure a proposed change of the hub against the current one in the same run.
const CANDIDATE = process.env.BENCH_CANDIDATE_DIST;
const SERVERS = (process.env.NOTEBOOK_SERVERS ?? 'hub,stock,hocuspocus').split(',').concat(CANDIDATE ? ['candidate'] : []);
const DIALECT = { hub: 'y-websocket', candidate: 'y-websocket', stock: 'y-websocket', hocuspocus: 'hocuspocus' };
const MODULE = { hub: 'hubServer.mjs', candidate: 'hubServer.mjs', stock: 'stockServer.mjs', hocuspocus: 'hocuspocusServer.mjs' };
const OPTIONS = { candidate: { dist: CANDIDATE } };

/** For profiling: NOTEBOOK_FIXED_RATE=<updates/s> runs FIXED_STEPS steps at that rate per server, no search. */
const FIXED_RATE = Number(process.env.NOTEBOOK_FIXED_RATE ?? 0);
const FIXED_STEPS = 3;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(line);

async function openEditors(server, kind, count) {
  const docRef = await server.call('newDocument');
  const base = { url: docRef.url, dialect: DIALECT[kind], docName: docRef.docName, token: docRef.token };
  // The stock server and Hocuspocus start empty: a seeder gives the document the notebook shape (the hub
  // made it at creation), stays until every editor has it, then leaves.
  const seeder = docRef.seeded ? null : await connectEditor({ ...base, seed: true });
  const editors = [];
  for (let i = 0; i < count; i += 10) {
    editors.push(...(await Promise.all(Array.from({ length: Math.min(10, count - i) }, (_, j) => connectEditor({ ...base, observer: i + j < OBSERVERS })))));
  }
  seeder?.close();
  return { editors, docRef };
}

/** One step: a fresh document, `rate` updates/s for STEP_SECONDS, the drain, the unload. */
async function runStep(server, kind, editorCount, rate) {
  const { editors, docRef } = await openEditors(server, kind, editorCount);
  await sleep(300);
  const s = (stats.current = newStats());
  const cpu0 = await server.cpuMs();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const total = Math.max(1, Math.round(rate * STEP_SECONDS));
  let sent = 0;
  await new Promise((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * rate) / 1000) + 1);
      while (sent < due) editors[sent++ % editors.length].edit();
      if (sent >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const sendEnd = performance.now();
  // Each observer is due every edit but its own.
  const observerEdits = editors.slice(0, OBSERVERS).reduce((n, e) => n + e.edits, 0);
  const expected = total * OBSERVERS - observerEdits;
  while (s.received < expected && performance.now() - sendEnd < DRAIN_MS) await sleep(10);
  const wallMs = performance.now() - t0;
  const cpuLive = (await server.cpuMs()) - cpu0;
  const client = process.cpuUsage(client0);
  for (const e of editors) {
    e.close();
    sentAt.delete(e.clientId);
  }
  await sleep(UNLOAD_MS);
  const cpuAll = (await server.cpuMs()) - cpu0;
  const latencyMs = latencySummary(s.latencies);
  const deliveredRatio = round(s.received / expected, 4);
  const result = {
    rate,
    editors: editors.length,
    updates: total,
    observers: OBSERVERS,
    deliveriesAtObservers: s.received,
    expectedAtObservers: expected,
    // Update frames received by the other editors: below updates x (editors - 1) when a server merges.
    framesPerOtherEditor: round(s.frames / (editors.length - OBSERVERS), 1),
    deliveredRatio,
    unrecognisedFrames: s.unknown,
    latencyMs,
    serverCpuMs: round(cpuAll, 0),
    serverCpuMicrosPerUpdate: round((cpuAll * 1000) / total, 1),
    // Without what the unload costs (the hub's final compaction, Hocuspocus' final store).
    serverCpuMicrosPerUpdateLive: round((cpuLive * 1000) / total, 1),
    serverCpuShare: round(cpuLive / wallMs),
    clientCpuShare: round((client.user + client.system) / 1000 / wallMs),
    wallMs: round(wallMs, 0),
    // Below 1 when this process could not even send at the offered rate: the clients were the limit.
    offeredRatio: round(total / rate / ((sendEnd - t0) / 1000), 3),
    ...verdict(deliveredRatio, latencyMs),
  };
  if (result.offeredRatio < 0.95) Object.assign(result, { passed: false, clientBound: true, reason: `clients sent only ${Math.round(result.offeredRatio * 100)}% of the offered rate` });
  if (MODULE[kind] === 'hubServer.mjs') result.storedBytesAfterUnload = await server.call('storedBytes', docRef.docName);
  return result;
}

async function fixedRate(servers, count) {
  const out = Object.fromEntries(SERVERS.map((s) => [s, { capacity: null, steps: [] }]));
  for (let i = 0; i < FIXED_STEPS; i++) {
    for (const s of SERVERS) {
      const step = await runStep(servers[s], s, count, FIXED_RATE);
      out[s].steps.push(step);
      console.log(`  ${s.padEnd(10)} ${FIXED_RATE}/s  delivered ${(step.deliveredRatio * 100).toFixed(1)}%  p50 ${step.latencyMs.p50} p99 ${step.latencyMs.p99} ms  ${step.serverCpuMicrosPerUpdate} µs/update  server ${Math.round(step.serverCpuShare * 100)}% client ${Math.round(step.clientCpuShare * 100)}%`);
    }
  }
  return out;
}

/** The highest rate of the doubling that every server passed, and each server's step there. */
function commonRate(search) {
  const passedRates = SERVERS.map((s) => new Set(search[s].steps.filter((x) => x.passed).map((x) => x.rate)));
  let best = null;
  for (let r = START_RATE; r <= MAX_RATE; r *= 2) if (passedRates.every((set) => set.has(r))) best = r;
  if (best === null) return null;
  return { rate: best, steps: Object.fromEntries(SERVERS.map((s) => [s, search[s].steps.filter((x) => x.passed && x.rate === best).at(-1)])) };
}

async function main() {
  const started = Date.now();
  const loadAtStart = await waitForQuiet();
  console.log(`bench/notebook on ${machine().cpus} x ${machine().model}, node ${process.version}, load ${loadAtStart.toFixed(2)}`);
  const servers = {};
  for (const s of SERVERS) servers[s] = await startServerProcess(path.join(here, MODULE[s]), OPTIONS[s] ?? {}, { name: `notebook-${s}` });
  const phases = {};
  try {
    for (const count of EDITOR_COUNTS) {
      const name = `editors${count}`;
      console.log(`-- ${name}: ${count} editors on one notebook, ${STEP_SECONDS} s steps`);
      for (const s of SERVERS) await runStep(servers[s], s, count, START_RATE * 2); // warm-up, not counted
      const search = FIXED_RATE
        ? await fixedRate(servers, count)
        : await searchCapacities(SERVERS, { start: START_RATE, maxRate: MAX_RATE, runStep: (s, rate) => runStep(servers[s], s, count, rate), log });
      phases[name] = { editors: count, ...search, common: commonRate(search) };
    }
  } finally {
    for (const s of SERVERS) await servers[s].stop();
  }

  const summary = [];
  const others = SERVERS.filter((s) => s !== 'hub' && s !== 'candidate');
  if (SERVERS.includes('hub') && others.length > 0) {
    for (const [, phase] of Object.entries(phases)) {
      const e = phase.editors;
      const capacities = Object.fromEntries(others.map((s) => [s, phase[s].capacity]));
      // A capacity the clients could not push past is a lower bound: say so in the row.
      const bound = SERVERS.filter((s) => phase[s].clientBound);
      const capNote = bound.length ? ` (client-bound, so at least: ${bound.join(', ')})` : '';
      if (capacities.hocuspocus !== undefined) summary.push(summaryRow({ measure: `notebook capacity, updates/s, ${e} editors${capNote}`, ours: phase.hub.capacity, baselines: capacities, against: 'hocuspocus', better: 'higher' }));
      if (capacities.stock !== undefined) summary.push(summaryRow({ measure: `notebook capacity, updates/s, ${e} editors${capNote}`, ours: phase.hub.capacity, baselines: capacities, against: 'stock', better: 'higher', factor: 0.9 }));
      const c = phase.common;
      if (c) {
        const at = (f) => Object.fromEntries(others.map((s) => [s, f(c.steps[s])]));
        const cpu = (x) => x.serverCpuMicrosPerUpdate;
        const cpuRow = { measure: `notebook server CPU per update at ${c.rate}/s, µs, ${e} editors`, ours: cpu(c.steps.hub), baselines: at(cpu), better: 'lower' };
        if (capacities.hocuspocus !== undefined) summary.push(summaryRow({ ...cpuRow, against: 'hocuspocus' }));
        else summary.push({ ...summaryRow({ ...cpuRow, against: others[0] }), target: null, met: null });
        const p99 = (x) => x.latencyMs.p99;
        const p99Row = { measure: `notebook p99 at ${c.rate}/s, ms, ${e} editors`, ours: p99(c.steps.hub), baselines: at(p99), better: 'lower' };
        if (e === Math.max(...EDITOR_COUNTS) && capacities.hocuspocus !== undefined) summary.push(summaryRow({ ...p99Row, against: 'hocuspocus' }));
        else summary.push({ ...summaryRow({ ...p99Row, against: others.includes('hocuspocus') ? 'hocuspocus' : others[0] }), target: null, met: null });
      }
      for (const key of ['p50', 'p99']) {
        const v = (s) => phase[s].atCapacity?.latencyMs[key] ?? null;
        summary.push({ ...summaryRow({ measure: `notebook ${key} at each server's capacity, ms, ${e} editors`, ours: v('hub'), baselines: Object.fromEntries(others.map((s) => [s, v(s)])), against: others.includes('hocuspocus') ? 'hocuspocus' : others[0], better: 'lower' }), target: null, met: null });
      }
    }
  }
  const persistence = {};
  for (const s of SERVERS) persistence[s] = servers[s].info.persists;
  const report = {
    bench: 'notebook',
    at: new Date().toISOString(),
    machine: { ...machine(), loadAverageAtStart: round(loadAtStart) },
    method: {
      stepSeconds: STEP_SECONDS,
      drainMs: DRAIN_MS,
      updateChars: 3,
      pass: '>= 95% of due deliveries delivered and p99 <= 100 ms; a failing step is re-run once',
      search: `doubling from ${START_RATE} updates/s, then bisection to within 10%; a fresh document per step`,
      cpu: 'server process CPU from the first edit until the document is unloaded (and stored), / updates',
      persistence,
      echo: 'the stock server and Hocuspocus send each update back to its sender as well (and Hocuspocus a SyncStatus ack); the hub does not',
    },
    phases,
    summary,
    durationS: Math.round((Date.now() - started) / 1000),
  };
  if (FIXED_RATE) {
    console.log('fixed-rate run (NOTEBOOK_FIXED_RATE): no capacities, nothing written');
    process.exit(0);
  }
  writeResult(root, 'notebook', report);
  console.log('persistence:');
  for (const s of SERVERS) console.log(`  ${s}: ${persistence[s]}`);
  for (const row of summary) console.log(`  ${row.measure}: hub ${row.ours}, ${Object.entries(row.baselines).map(([k, v]) => `${k} ${v}`).join(', ')}${row.target ? `; ratio ${row.ratio}, target ${row.target}: ${row.met ? 'met' : 'NOT met'}` : ''}`);
  console.log(`wrote bench/results/notebook.json in ${report.durationS} s (load average now ${machine().loadAverage.join(' ')})`);
  process.exit(0);
}

await main();
