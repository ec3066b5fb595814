#!/usr/bin/env node
// bench/cluster: topic clustering time and quality at 1k, 5k and 20k items, the hub's method (server/dist
// topicClustering.js, keywords and layout included) against the method it replaced (silhouetteBaseline.mjs,
// without keywords) in the same run. Target: 5k items in at most 2 s.
//
// Synthetic community: 24 topics of Zipf-like sizes; topics come in overlapping pairs (they share a third of
// their centroid), every item is its topic's centroid plus noise, normalized, so items of a topic have a mean
// cosine of about 0.2 with each other, near what language-centered bge-small-zh vectors of one topic show
// (see the mergeAt threshold in modelProfiles.ts); texts of about 400 characters mix Chinese and English topic
// words with filler, like thread texts, for the keyword labels. Quality: NMI against the planted topics and
// the cluster count (the baseline's silhouette cut is known to over-split; see issue 16).
// At 20k the baseline is not run: its condensed distance matrix alone would need 800 MB and hours of work.
// Also timed: the enrichment that runs before every clustering (discussionEnrichment.ts: audience and tag
// vectors), with 6 participants out of n/10 members and 2 tags out of 200 per item.
// Run: `npm run bench cluster` (builds first), or `npx tsc -b server && node bench/cluster/index.mjs`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { silhouetteClustering } from './silhouetteBaseline.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { clusterTopics } = require(path.join(root, 'server', 'dist', 'semantic', 'clusters', 'topicClustering.js'));
const { enrichDiscussions } = require(path.join(root, 'server', 'dist', 'semantic', 'signals', 'discussionEnrichment.js'));
const pca = require(path.join(root, 'server', 'dist', 'semantic', 'vectors', 'pca.js'));

const DIMS = 512;
const TOPICS = 24;
let seed = 7;
const rand = () => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
const normalize = (v) => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const inv = 1 / Math.sqrt(s);
  for (let i = 0; i < v.length; i++) v[i] *= inv;
  return v;
};
const basis = Array.from({ length: TOPICS }, () => normalize(Float32Array.from({ length: DIMS }, gauss)));
// Topic 2k and 2k+1 overlap: each takes a third of the other's direction.
const centroids = basis.map((b, t) => normalize(b.map((x, d) => x + 0.58 * basis[t ^ 1][d])));
const weights = Array.from({ length: TOPICS }, (_, t) => 1 / (t + 2));
const totalWeight = weights.reduce((s, w) => s + w, 0);
const WORDS = [
  ['融资', 'investor', '估值', 'SAFE'], ['股权', 'vesting', '合伙人', 'cofounder'], ['招聘', 'hiring', '面试', 'engineer'], ['获客', 'sales', '渠道', 'pricing'],
  ['合规', 'GDPR', '隐私', 'contract'], ['微调', 'LoRA', '模型', 'fine-tune'], ['算力', 'GPU', '推理', 'latency'], ['标注', 'dataset', '数据', 'labels'],
];
const FILLER = '我们团队最近在讨论这个问题，想听听大家的经验和建议。 We have been going back and forth on this for weeks and would love some advice from people who did it. ';

function community(n) {
  const vectors = new Float32Array(n * DIMS);
  const topics = [];
  const texts = [];
  for (let i = 0; i < n; i++) {
    let r = rand() * totalWeight;
    let t = 0;
    while (r > weights[t] && t < TOPICS - 1) r -= weights[t++];
    const v = new Float32Array(DIMS);
    for (let d = 0; d < DIMS; d++) v[d] = centroids[t][d] + 0.088 * gauss();
    vectors.set(normalize(v), i * DIMS);
    topics.push(t);
    const w = WORDS[t % WORDS.length];
    texts.push(`${w[0]} ${w[1]} ${t} ${FILLER}${w[2]} ${w[3]} ${FILLER}`);
  }
  return { vectors, topics, texts };
}

function nmi(numbersA, numbersB) {
  const a = numbersA.map(String);
  const b = numbersB.map(String);
  const n = a.length;
  const count = (xs) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map());
  const ca = count(a);
  const cb = count(b);
  const joint = count(a.map((x, i) => `${x}|${b[i]}`));
  const h = (c) => -[...c.values()].reduce((s, v) => s + (v / n) * Math.log(v / n), 0);
  let mi = 0;
  for (const [key, v] of joint) {
    const [x, y] = key.split('|');
    mi += (v / n) * Math.log((v * n) / (ca.get(x) * cb.get(y)));
  }
  const denom = (h(ca) + h(cb)) / 2;
  return denom === 0 ? 1 : mi / denom;
}

function meanPairCosine(vectors, topics, same) {
  let s = 0;
  let c = 0;
  for (let k = 0; k < 4000; k++) {
    const i = Math.floor(rand() * topics.length);
    const j = Math.floor(rand() * topics.length);
    if (i === j || (topics[i] === topics[j]) !== same) continue;
    let d = 0;
    for (let x = 0; x < DIMS; x++) d += vectors[i * DIMS + x] * vectors[j * DIMS + x];
    s += d;
    c++;
  }
  return s / c;
}

function enrichment(n, vectors, topics) {
  const members = Math.max(20, Math.floor(n / 10));
  const participants = topics.map((t) => Array.from({ length: 6 }, () => `m${(t * 7 + Math.floor(rand() * members / 4)) % members}`));
  const tags = topics.map((t) => [`tag${t}`, `tag${Math.floor(rand() * 200)}`]);
  const t0 = performance.now();
  enrichDiscussions({
    dims: DIMS,
    text: vectors,
    tags,
    participants,
    contributes: topics.map(() => true),
    weights: { audience: 1, tags: 0.5, agreement: { community: { from: 0, span: 0.08 }, item: { from: 0.03, span: 0.2 } }, fullAudience: 3 },
  });
  return Math.round(performance.now() - t0);
}

function run(n) {
  const { vectors, topics, texts } = community(n);
  const enrichMs = enrichment(n, vectors, topics);
  const t0 = performance.now();
  const ours = clusterTopics({ dims: DIMS, vectors, texts });
  const oursMs = performance.now() - t0;
  const labels = ours.assignment.map((c) => (ours.clusters[c].other ? 'other' : c));
  const result = {
    items: n,
    plantedTopics: TOPICS,
    withinTopicCosine: +meanPairCosine(vectors, topics, true).toFixed(3),
    betweenTopicCosine: +meanPairCosine(vectors, topics, false).toFixed(3),
    enrichMs,
    ours: { ms: Math.round(oursMs), clusters: ours.clusters.filter((c) => !c.other).length, otherItems: ours.clusters.find((c) => c.other)?.members.length ?? 0, nmi: +nmi(topics, labels).toFixed(3) },
    baseline: null,
    ratio: null,
  };
  if (n <= 5000) {
    const t1 = performance.now();
    const base = silhouetteClustering(vectors, DIMS, n, pca);
    const baseMs = performance.now() - t1;
    result.baseline = { ms: Math.round(baseMs), clusters: new Set(base).size, nmi: +nmi(topics, base).toFixed(3) };
    result.ratio = +(oursMs / baseMs).toFixed(3);
  }
  const base = result.baseline ? `; baseline ${result.baseline.ms} ms, ${result.baseline.clusters} clusters, NMI ${result.baseline.nmi}; ratio ${result.ratio}` : '; baseline not run (see the header)';
  console.log(`cosine within topics ${result.withinTopicCosine}, between ${result.betweenTopicCosine}`);
  console.log(`${n} items: enrichment ${enrichMs} ms; clustering ${result.ours.ms} ms, ${result.ours.clusters} clusters + ${result.ours.otherItems} other, NMI ${result.ours.nmi}${base}`);
  return result;
}

const runs = [run(1_000), run(5_000), run(20_000)];
const five = runs.find((r) => r.items === 5000);
const results = {
  bench: 'cluster',
  at: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, memGiB: +(os.totalmem() / 2 ** 30).toFixed(2), node: process.version, platform: `${os.platform()} ${os.release()}` },
  runs,
  targets: { fiveThousandMs: 2000 },
  pass: { fiveThousand: five.ours.ms <= 2000 },
};
results.summary = [
  ...runs.map((r) => ({
    measure: `topic clustering, ${r.items / 1000}k items, ms`,
    ours: r.ours.ms,
    baselines: r.baseline ? { 'silhouette cut (before)': r.baseline.ms } : {},
    ratio: r.ratio,
    target: r.items === 5000 ? '≤ 2000 ms' : null,
    met: r.items === 5000 ? results.pass.fiveThousand : null,
  })),
  ...runs.map((r) => ({ measure: `discussion enrichment before clustering, ${r.items / 1000}k items, ms`, ours: r.enrichMs, baselines: {}, ratio: null, target: null, met: null })),
];
fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench', 'results', 'cluster.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`5k items in ${five.ours.ms} ms (target <= 2000): ${results.pass.fiveThousand ? 'met' : 'NOT met'}`);
