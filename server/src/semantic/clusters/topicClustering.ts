import { keywordTokens } from './keywordTokens';
import { principalAxes, project } from '../vectors/pca';

/**
 * Topic clustering of discussions, pure computation (it runs in a worker thread, see vectorMathWorker.ts):
 * average-linkage agglomerative clustering on cosine distance, the dendrogram cut where the silhouette is
 * best, keywords by class-based TF-IDF, and a 2-D PCA layout.
 */
export interface ClusterInput {
  dims: number;
  /** n unit vectors, row-major. */
  vectors: Float32Array;
  /** The text of each item, for keywords. */
  texts: string[];
}

export interface ClusterOutput {
  /** For each item, the index of its cluster in `clusters`. */
  assignment: number[];
  clusters: Array<{ members: number[]; keywords: string[] }>;
  /** x, y per item, scaled into [-1, 1]. */
  layout: Array<[number, number]>;
  silhouette: number;
}

/** Above this many items the clustering works on PCA coordinates instead of the full vectors. */
const REDUCE_ABOVE = 1000;
const REDUCED_DIMS = 64;
const SILHOUETTE_SAMPLE = 600;
const MAX_CLUSTERS = 40;
const KEYWORDS = 6;

export function clusterTopics(input: ClusterInput): ClusterOutput {
  const { dims, vectors, texts } = input;
  const n = texts.length;
  if (n === 0) return { assignment: [], clusters: [], layout: [], silhouette: 0 };
  const layout = layout2d(vectors, dims, n);
  if (n < 4) {
    const members = Array.from({ length: n }, (_, i) => i);
    return { assignment: members.map(() => 0), clusters: [{ members, keywords: labelKeywords([members], texts)[0]! }], layout, silhouette: 0 };
  }
  const { points, width } = workingPoints(vectors, dims, n);
  const merges = averageLinkage(points, width, n);
  const assignment = bestCut(points, width, n, merges);
  const groups = new Map<number, number[]>();
  assignment.labels.forEach((label, i) => {
    let list = groups.get(label);
    if (!list) groups.set(label, (list = []));
    list.push(i);
  });
  // Biggest first; a cluster's index is its position here.
  const memberLists = [...groups.values()].sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  const out = new Array<number>(n);
  memberLists.forEach((members, c) => members.forEach((i) => (out[i] = c)));
  const keywords = labelKeywords(memberLists, texts);
  return { assignment: out, clusters: memberLists.map((members, c) => ({ members, keywords: keywords[c]! })), layout, silhouette: assignment.silhouette };
}

function workingPoints(vectors: Float32Array, dims: number, n: number): { points: Float32Array; width: number } {
  if (n <= REDUCE_ABOVE) return { points: vectors, width: dims };
  const pca = principalAxes(vectors, dims, REDUCED_DIMS, { iterations: 8, sample: 2000 });
  const points = new Float32Array(n * REDUCED_DIMS);
  const row = new Float32Array(REDUCED_DIMS);
  for (let i = 0; i < n; i++) points.set(project(pca, vectors, i * dims, row), i * REDUCED_DIMS);
  return { points, width: REDUCED_DIMS };
}

/** Half the squared Euclidean distance: 1 - cosine for unit vectors. */
function distance(points: Float32Array, width: number, i: number, j: number): number {
  let s = 0;
  const a = i * width;
  const b = j * width;
  for (let d = 0; d < width; d++) {
    const x = points[a + d]! - points[b + d]!;
    s += x * x;
  }
  return s / 2;
}

interface Merge {
  a: number;
  b: number;
  height: number;
}

/**
 * Average linkage by the nearest-neighbour chain (O(n²) time, a condensed n(n-1)/2 distance matrix updated
 * by Lance-Williams). Average linkage is reducible, so sorting the merges by height gives the dendrogram.
 */
function averageLinkage(points: Float32Array, width: number, n: number): Merge[] {
  const idx = (i: number, j: number): number => (i < j ? i * n - (i * (i + 1)) / 2 + j - i - 1 : j * n - (j * (j + 1)) / 2 + i - j - 1);
  const dist = new Float32Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dist[idx(i, j)] = distance(points, width, i, j);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) {
      let start = 0;
      while (!active[start]) start++;
      chain.push(start);
    }
    const c = chain[chain.length - 1]!;
    const prev = chain.length > 1 ? chain[chain.length - 2]! : -1;
    let nearest = prev;
    let best = prev >= 0 ? dist[idx(c, prev)]! : Infinity;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === c) continue;
      const d = dist[idx(c, k)]!;
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    if (nearest === prev) {
      chain.pop();
      chain.pop();
      // Merge prev into c's slot... keep the lower index as the survivor.
      const keep = Math.min(c, prev);
      const gone = Math.max(c, prev);
      merges.push({ a: keep, b: gone, height: best });
      const sk = size[keep]!;
      const sg = size[gone]!;
      for (let k = 0; k < n; k++) {
        if (!active[k] || k === keep || k === gone) continue;
        dist[idx(keep, k)] = (sk * dist[idx(keep, k)]! + sg * dist[idx(gone, k)]!) / (sk + sg);
      }
      size[keep] = sk + sg;
      active[gone] = 0;
      remaining--;
    } else chain.push(nearest);
  }
  return merges.sort((x, y) => x.height - y.height);
}

/** Replays merges up to each cut and keeps the cut with the best silhouette (over a sample of items). */
function bestCut(points: Float32Array, width: number, n: number, merges: Merge[]): { labels: number[]; silhouette: number } {
  const sampleSize = Math.min(n, SILHOUETTE_SAMPLE);
  const sample = Array.from({ length: sampleSize }, (_, i) => Math.floor((i * n) / sampleSize));
  const sampleDist = new Float32Array(sampleSize * n);
  sample.forEach((i, s) => {
    for (let j = 0; j < n; j++) sampleDist[s * n + j] = Math.sqrt(2 * distance(points, width, i, j));
  });
  const maxK = Math.min(MAX_CLUSTERS, Math.floor(n / 2));
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  let best = { labels: Array.from({ length: n }, () => 0), silhouette: -Infinity };
  // Merges are applied in height order; after m merges there are n - m clusters.
  for (let m = 0; m < merges.length; m++) {
    const k = n - m;
    if (k <= maxK && k >= 2) {
      const labels = Array.from({ length: n }, (_, i) => find(i));
      const score = silhouette(labels, sample, sampleDist, n);
      if (score > best.silhouette) best = { labels, silhouette: score };
    }
    const { a, b } = merges[m]!;
    parent[find(b)] = find(a);
  }
  return best;
}

/** Mean silhouette of the sampled items (Euclidean distance on unit vectors; singletons count 0). */
function silhouette(labels: number[], sample: number[], sampleDist: Float32Array, n: number): number {
  const sizes = new Map<number, number>();
  for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  let total = 0;
  const sums = new Map<number, number>();
  sample.forEach((i, s) => {
    sums.clear();
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const l = labels[j]!;
      sums.set(l, (sums.get(l) ?? 0) + sampleDist[s * n + j]!);
    }
    const own = labels[i]!;
    const ownSize = sizes.get(own)!;
    if (ownSize <= 1) return;
    const a = sums.get(own)! / (ownSize - 1);
    let b = Infinity;
    for (const [l, sum] of sums) if (l !== own) b = Math.min(b, sum / sizes.get(l)!);
    if (b === Infinity) return;
    total += (b - a) / Math.max(a, b);
  });
  return total / sample.length;
}

/**
 * Class-based TF-IDF: each cluster's texts form one document; a word weighs its frequency in the cluster
 * times log(1 + A / its frequency over all clusters), A the mean number of words per cluster.
 */
export function labelKeywords(memberLists: number[][], texts: string[]): string[][] {
  const counts = memberLists.map((members) => {
    const tf = new Map<string, number>();
    for (const i of members) for (const t of keywordTokens(texts[i]!)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const totals = counts.map((tf) => [...tf.values()].reduce((s, v) => s + v, 0));
  const overall = new Map<string, number>();
  for (const tf of counts) for (const [t, c] of tf) overall.set(t, (overall.get(t) ?? 0) + c);
  const avg = totals.reduce((s, v) => s + v, 0) / Math.max(1, counts.length);
  return counts.map((tf, c) => {
    const scored = [...tf].map(([t, count]) => ({ t, w: (count / Math.max(1, totals[c]!)) * Math.log(1 + avg / overall.get(t)!), count }));
    // A word met once is noise unless the cluster is tiny.
    const minCount = memberLists[c]!.length >= 4 ? 2 : 1;
    const picked = scored.filter((s) => s.count >= minCount);
    return (picked.length >= 3 ? picked : scored)
      .sort((a, b) => b.w - a.w || (a.t < b.t ? -1 : 1))
      .slice(0, KEYWORDS)
      .map((s) => s.t);
  });
}

/** First two principal components, scaled so the farthest item sits at ±1. */
function layout2d(vectors: Float32Array, dims: number, n: number): Array<[number, number]> {
  if (n === 1) return [[0, 0]];
  const pca = principalAxes(vectors, dims, 2, { iterations: 20, sample: 3000 });
  const coords: Array<[number, number]> = [];
  let max = 1e-9;
  const row = new Float32Array(2);
  for (let i = 0; i < n; i++) {
    project(pca, vectors, i * dims, row);
    coords.push([row[0]!, row[1]!]);
    max = Math.max(max, Math.abs(row[0]!), Math.abs(row[1]!));
  }
  return coords.map(([x, y]) => [round(x / max), round(y / max)]);
}

const round = (v: number): number => Math.round(v * 1e4) / 1e4;
