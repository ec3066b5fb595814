#!/usr/bin/env node
// bench/match: top-10 partner matching latency on 10k and 100k synthetic profiles, the event loop's longest
// stall while the matcher's coarse index is built, and topic clustering time for 5k items. Computation on the
// compiled server code (server/dist) and its vector math worker thread, no network.
//
// Coarse index: built in the vector math thread (PartnerMatcher.buildCoarseIndex), against a baseline in the
// same run: the same fit and projections run on the event loop (what the matcher did before). The figure
// that matters is the longest the event loop was blocked (a timer ticking every 5 ms measures it).
//
// Synthetic vectors: 300 "topics" (random unit centroids); every offer, need and bio is its topic's centroid
// plus noise, normalized, so neighbourhoods exist the way they do in real embeddings. Each profile has two
// offers, two needs, an about vector and the two aggregates, like the indexer builds. A third of the callers
// set hard filters (shared language, minimum hours, timezone window).
// Run: `npm run bench match` (builds first), or `npx tsc -b server && node bench/match/index.mjs`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { PartnerMatcher } = require(path.join(root, 'server', 'dist', 'semantic', 'matching', 'partnerMatcher.js'));
const { clusterTopics } = require(path.join(root, 'server', 'dist', 'semantic', 'clusters', 'topicClustering.js'));
const { VectorMathThread } = require(path.join(root, 'server', 'dist', 'semantic', 'vectors', 'vectorMathThread.js'));
const { principalAxes, projectRows } = require(path.join(root, 'server', 'dist', 'semantic', 'vectors', 'pca.js'));
const math = new VectorMathThread();

const DIMS = 512;
const TOPICS = 300;
let seed = 42;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const normalize = (v) => {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i] * v[i];
  n = Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] /= n;
  return v;
};
const centroids = Array.from({ length: TOPICS }, () => normalize(Float32Array.from({ length: DIMS }, gauss)));
const near = (topic, noise = 0.06) => {
  const c = centroids[topic];
  const v = new Float32Array(DIMS);
  for (let i = 0; i < DIMS; i++) v[i] = c[i] + noise * gauss();
  return normalize(v);
};
const mean = (a, b) => normalize(a.map((x, i) => x + b[i]));
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ZONES = ['Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/Berlin', 'UTC+9', 'UTC-8'];

function profile(i) {
  const t = () => Math.floor(rand() * TOPICS);
  const offers = [0, 1].map((k) => ({ text: `offer ${i}.${k}`, vector: near(t()) }));
  const needs = [0, 1].map((k) => ({ text: `need ${i}.${k}`, vector: near(t()) }));
  const filtered = i % 3 === 0;
  return {
    userId: `u${String(i).padStart(7, '0')}`,
    role: ['CTO', 'CEO', 'designer', 'ML engineer', 'growth marketer'][i % 5],
    interests: [`topic ${i % 50}`],
    lookingFor: [],
    languages: i % 4 === 0 ? ['zh'] : ['en', 'zh'],
    timezone: ZONES[i % ZONES.length],
    hoursPerWeek: 5 + (i % 30),
    preferences: { requireSharedLanguage: filtered, minHoursPerWeek: filtered ? 10 : null, maxTimezoneDiffHours: filtered ? 6 : null },
    offers,
    needs,
    about: near(t(), 0.08),
    offersAll: mean(offers[0].vector, offers[1].vector),
    needsAll: mean(needs[0].vector, needs[1].vector),
  };
}

/** Runs `work` while a 5 ms timer measures how late it fires: the longest time the event loop was blocked. */
async function withStallMeter(work) {
  let longest = 0;
  let last = performance.now();
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 5);
  const t0 = performance.now();
  await work();
  const ms = performance.now() - t0;
  await new Promise((resolve) => setTimeout(resolve, 10));
  clearInterval(ticker);
  return { ms: Math.round(ms), longestStallMs: Math.round(longest) };
}

/** The baseline: the coarse index's fit (same sample and settings) and every projection, on the event loop. */
function coarseIndexOnLoop(candidates) {
  const sample = [];
  const step = Math.max(1, Math.floor(candidates.length / 1000));
  for (let i = 0; i < candidates.length; i += step) for (const v of [candidates[i].offersAll, candidates[i].needsAll, candidates[i].about]) sample.push(v);
  const flat = new Float32Array(sample.length * DIMS);
  sample.forEach((v, i) => flat.set(v, i * DIMS));
  const pca = principalAxes(flat, DIMS, 48, { iterations: 8, sample: 3000 });
  const rows = new Float32Array(3 * DIMS);
  for (const c of candidates) {
    [c.offersAll, c.needsAll, c.about].forEach((v, part) => rows.set(v, part * DIMS));
    projectRows(pca, rows);
  }
}

async function benchMatches(count, callers = 60) {
  const matcher = new PartnerMatcher();
  const candidates = [];
  let t0 = performance.now();
  for (let i = 0; i < count; i++) candidates.push(profile(i));
  for (const c of candidates) matcher.upsert(c);
  const generateAndInsertMs = performance.now() - t0;
  const onLoop = await withStallMeter(async () => coarseIndexOnLoop(candidates));
  const offLoop = await withStallMeter(() => matcher.buildCoarseIndex(math));
  const coarseIndex = {
    inMathThread: offLoop,
    baselineOnEventLoop: onLoop,
    stallRatio: +(offLoop.longestStallMs / onLoop.longestStallMs).toFixed(4),
  };
  console.log(
    `coarse index @${count}: ${offLoop.ms} ms in the math thread, longest event-loop stall ${offLoop.longestStallMs} ms; ` +
      `baseline on the event loop ${onLoop.ms} ms, stall ${onLoop.longestStallMs} ms (ratio ${coarseIndex.stallRatio})`,
  );
  // Warm-up, then timed queries.
  for (let i = 0; i < 5; i++) matcher.top(`u${String(i * 7).padStart(7, '0')}`, 10);
  const times = [];
  let returned = 0;
  for (let i = 0; i < callers; i++) {
    const id = `u${String(Math.floor(rand() * count)).padStart(7, '0')}`;
    const t = performance.now();
    returned += matcher.top(id, 10).length;
    times.push(performance.now() - t);
  }
  const result = {
    profiles: count,
    callers,
    insertMs: Math.round(generateAndInsertMs),
    coarseIndex,
    top10Ms: { p50: +percentile(times, 50).toFixed(2), p95: +percentile(times, 95).toFixed(2), max: +Math.max(...times).toFixed(2) },
    meanResults: +(returned / callers).toFixed(1),
  };
  console.log(`matches @${count}: top-10 p50 ${result.top10Ms.p50} ms, p95 ${result.top10Ms.p95} ms, max ${result.top10Ms.max} ms`);
  return result;
}

function benchClusters(n) {
  const words = ['融资', '投资人', 'investor', 'hiring', '招聘', 'engineer', 'GPU', '模型', 'growth', '用户', 'design', '设计', 'legal', '合同', 'privacy', 'retention'];
  const vectors = new Float32Array(n * DIMS);
  const texts = [];
  for (let i = 0; i < n; i++) {
    const topic = i % 12;
    vectors.set(near(topic, 0.05), i * DIMS);
    texts.push(`${words[topic % words.length]} ${words[(topic + 3) % words.length]} item ${i} 讨论${topic}`);
  }
  const t0 = performance.now();
  const out = clusterTopics({ dims: DIMS, vectors, texts });
  const ms = performance.now() - t0;
  console.log(`clustering ${n} items: ${Math.round(ms)} ms, ${out.clusters.length} clusters (12 planted)`);
  return { items: n, ms: Math.round(ms), clusters: out.clusters.length, planted: 12, silhouette: +out.silhouette.toFixed(3) };
}

const results = {
  bench: 'match',
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: +(os.totalmem() / 2 ** 30).toFixed(2), node: process.version, platform: `${os.platform()} ${os.release()}` },
  matches: [await benchMatches(10_000), await benchMatches(100_000)],
  clustering: benchClusters(5_000),
  targets: { top10At100kMs: 50 },
};
results.pass = { top10At100k: results.matches[1].top10Ms.p95 <= 50 };
// The rows scripts/bench.mjs puts in bench/results/summary.md.
results.summary = [
  ...results.matches.map((m) => ({ measure: `top-10 partner match p95 at ${m.profiles / 1000}k profiles, ms`, ours: m.top10Ms.p95, baselines: {}, ratio: null, target: m.profiles === 100_000 ? '≤ 50 ms' : null, met: m.profiles === 100_000 ? results.pass.top10At100k : null })),
  ...results.matches.map((m) => ({ measure: `longest event-loop stall building the coarse index, ${m.profiles / 1000}k profiles, ms`, ours: m.coarseIndex.inMathThread.longestStallMs, baselines: { 'on the event loop': m.coarseIndex.baselineOnEventLoop.longestStallMs }, ratio: m.coarseIndex.stallRatio, target: null, met: null })),
  { measure: `topic clustering, ${results.clustering.items} items, ms`, ours: results.clustering.ms, baselines: {}, ratio: null, target: null, met: null },
];
await math.close();
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'match.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`p95 at 100k: ${results.matches[1].top10Ms.p95} ms (target <= 50): ${results.pass.top10At100k ? 'met' : 'NOT met'}`);
