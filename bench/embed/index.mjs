#!/usr/bin/env node
// bench/embed: the embedding service with the real model (bge-small-zh-v1.5 in <repo>/models).
//
// 1. Throughput, in the same run on the same texts: one at a time (each embed([text]) awaited before the
//    next: one IPC round trip, the batching window and one model call per text) against batched (all texts
//    handed to the service at once as concurrent single-text calls, which it groups into batches of up to
//    32; the worker runs them as length-sorted model batches). Interactive one-at-a-time calls (search
//    queries: no batching window) are reported too. The machine is noisy, so the two are measured in
//    alternating rounds and the median of the per-round ratios is reported.
// 2. Event-loop lag of the hub's process (perf_hooks histogram, 1 ms resolution) while 5,000 texts are
//    embedded through the service, submitted in chunks as the indexer does (backpressure-aware).
// Results: bench/results/embed.json. Run: `npm run bench embed`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { EmbeddingService, EmbeddingQueueFullError } = require(path.join(root, 'server', 'dist', 'semantic', 'embedding', 'embeddingService.js'));

const zhParts = ['我们在讨论天使轮融资', '招聘第一位工程师', '训练模型的GPU算力', '用户留存和增长', '隐私政策和合规', '产品原型设计', '深圳工厂打样', '跨境电商运营'];
const enParts = ['raising a seed round', 'hiring senior engineers', 'cutting GPU training costs', 'improving user retention', 'writing a privacy policy', 'prototyping in Figma', 'manufacturing in Shenzhen', 'selling on Amazon'];
function texts(n, salt) {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0
      ? `${zhParts[i % 8]}，第${i}条，${zhParts[(i * 3 + salt) % 8]}，大家有什么经验？`
      : `Thread ${i}: ${enParts[i % 8]} and ${enParts[(i * 5 + salt) % 8]} — what worked for you? (${salt})`,
  );
}
const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

const service = new EmbeddingService({ modelId: 'Xenova/bge-small-zh-v1.5', modelsDir: path.join(root, 'models'), provision: false });
await service.start();
if (service.state !== 'ready') {
  console.error(`bench/embed: the model is not available (${service.unavailableReason}); run npm run model:fetch`);
  process.exit(1);
}
await service.embed(texts(32, 0)); // warm-up

// ---- 1. throughput
const N = 400;
const ROUNDS = 3;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perSecond = (count, ms) => +((count / ms) * 1000).toFixed(1);
async function timed(work) {
  const t0 = performance.now();
  await work();
  return performance.now() - t0;
}
const rounds = [];
for (let r = 0; r < ROUNDS; r++) {
  const sample = texts(N, 10 + r);
  const oneAtATime = await timed(async () => {
    for (const text of sample) await service.embed([text]);
  });
  const batched = await timed(() => Promise.all(sample.map((text) => service.embed([text]))));
  const interactive = await timed(async () => {
    for (const text of sample) await service.embed([text], { interactive: true });
  });
  // Explicit 32-text calls, as the indexer hands over chunks.
  const chunked = await timed(() => Promise.all(Array.from({ length: Math.ceil(N / 32) }, (_, i) => service.embed(sample.slice(i * 32, (i + 1) * 32)))));
  const round = {
    oneAtATime: perSecond(N, oneAtATime),
    oneAtATimeInteractive: perSecond(N, interactive),
    batchedConcurrentCalls: perSecond(N, batched),
    batched32TextCalls: perSecond(N, chunked),
  };
  round.speedup = +(round.batchedConcurrentCalls / round.oneAtATime).toFixed(2);
  round.speedupOverInteractive = +(round.batchedConcurrentCalls / round.oneAtATimeInteractive).toFixed(2);
  rounds.push(round);
  console.log(`round ${r + 1} (texts/s): one at a time ${round.oneAtATime} (interactive ${round.oneAtATimeInteractive}), batched ${round.batchedConcurrentCalls} (${round.speedup}x; ${round.speedupOverInteractive}x over interactive), 32-text calls ${round.batched32TextCalls}`);
}
const throughput = {
  texts: N,
  rounds,
  speedup: median(rounds.map((r) => r.speedup)),
  speedupOverInteractive: median(rounds.map((r) => r.speedupOverInteractive)),
};
console.log(`throughput: batched vs one at a time, median of ${ROUNDS} rounds: ${throughput.speedup}x (over interactive calls: ${throughput.speedupOverInteractive}x)`);

// ---- 2. event-loop lag while 5,000 texts are embedded
const TOTAL = 5000;
const all = texts(TOTAL, 2);
const histogram = monitorEventLoopDelay({ resolution: 1 });
// A timer that also measures lag directly, as a request handler would feel it.
const lags = [];
let expected = performance.now() + 10;
const ticker = setInterval(() => {
  const now = performance.now();
  lags.push(Math.max(0, now - expected));
  expected = now + 10;
}, 10);
histogram.enable();
let t0 = performance.now();
let retries = 0;
const pending = [];
for (let i = 0; i < TOTAL; i += 64) {
  const chunk = all.slice(i, i + 64);
  for (;;) {
    try {
      pending.push(service.embed(chunk));
      break;
    } catch {
      /* embed() rejects asynchronously; handled below */
    }
  }
  // Keep about 1,000 texts queued: the service's bound is 2,048.
  if (pending.length >= 16) await pending.shift();
}
for (const p of pending) {
  try {
    await p;
  } catch (err) {
    if (err instanceof EmbeddingQueueFullError) retries++;
    else throw err;
  }
}
const lagRunMs = performance.now() - t0;
histogram.disable();
clearInterval(ticker);
const lag = {
  texts: TOTAL,
  seconds: +(lagRunMs / 1000).toFixed(1),
  textsPerSecond: +((TOTAL / lagRunMs) * 1000).toFixed(1),
  histogramMs: { p50: +(histogram.percentile(50) / 1e6).toFixed(2), p99: +(histogram.percentile(99) / 1e6).toFixed(2), max: +(histogram.max / 1e6).toFixed(2) },
  timerLateMs: { p50: +percentile(lags, 50).toFixed(2), p99: +percentile(lags, 99).toFixed(2), max: +Math.max(...lags).toFixed(2) },
  queueFullRetries: retries,
};
console.log(`event-loop lag while embedding ${TOTAL} texts (${lag.seconds} s): p99 ${lag.histogramMs.p99} ms (timer late p99 ${lag.timerLateMs.p99} ms), max ${lag.histogramMs.max} ms`);
await service.close();

const results = {
  bench: 'embed',
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: +(os.totalmem() / 2 ** 30).toFixed(2), node: process.version, platform: `${os.platform()} ${os.release()}` },
  model: service.modelId,
  throughput,
  eventLoopLag: lag,
  targets: { batchedSpeedup: 3, lagP99Ms: 20 },
  pass: { batchedSpeedup: throughput.speedup >= 3, lagP99: lag.histogramMs.p99 <= 20 },
};
// The rows scripts/bench.mjs puts in bench/results/summary.md (ratio: the median of the per-round ratios).
const medianOf = (key) => median(throughput.rounds.map((r) => r[key]));
results.summary = [
  { measure: 'embedding throughput, texts/s, batched', ours: medianOf('batchedConcurrentCalls'), baselines: { 'one at a time': medianOf('oneAtATime') }, ratio: throughput.speedup, target: '≥ 3× one at a time', met: results.pass.batchedSpeedup },
  { measure: `event-loop lag p99 while embedding ${TOTAL} texts, ms`, ours: lag.histogramMs.p99, baselines: {}, ratio: null, target: '≤ 20 ms', met: results.pass.lagP99 },
];
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'embed.json'), `${JSON.stringify(results, null, 2)}\n`);
