import { labelKeywords } from './clusterKeywords';
import { groupSimilarities, microClusters } from './microClusters';
import { principalAxes, project } from '../vectors/pca';

/**
 * Topic clustering of discussions, pure computation (it runs in a worker thread, see vectorMathWorker.ts):
 * average-linkage agglomeration on cosine similarity, cut where the groups being merged are less alike than
 * `mergeAt`: by default the mean similarity of two items plus `mergeSpread` standard deviations, a point of
 * the corpus' own similarity scale (which differs between models, between plain and enriched vectors, and
 * between full and PCA-reduced ones), not of its size, so the cluster count follows how many distinct topics
 * there are rather than how many items. Clusters smaller than `minSize` are dissolved, each of their items
 * joining the closest cluster it is alike enough to (`attachAt`), else an "other" bucket. Keywords by class-based TF-IDF, the top Chinese and English ones; a
 * 2-D PCA layout.
 *
 * Average linkage on unit vectors needs no distance matrix over items: the mean similarity between two groups
 * is the dot product of their vector sums over the product of their sizes. Above EXACT_UP_TO items the items
 * are first gathered into micro-clusters (spherical k-means on PCA-reduced vectors) that are agglomerated the
 * same way, which keeps 5k items well under a second and 20k within a few (bench/cluster).
 */
export interface ClusterInput {
  dims: number;
  /** n unit vectors, row-major. */
  vectors: Float32Array;
  /** The text of each item, for keywords. */
  texts: string[];
  options?: Partial<ClusterOptions>;
}

export interface ClusterOptions {
  /** Groups merge while their mean pairwise cosine is at least mean + mergeSpread × deviation of item pairs... */
  mergeSpread: number;
  /** ...unless this fixes the threshold itself. */
  mergeAt?: number;
  /** An item of a dissolved small cluster joins a cluster whose members it is on average this share of mergeAt alike. */
  attachRatio: number;
  /** Clusters with fewer items are dissolved; by default it grows slowly with n (see minClusterSize). */
  minSize: number;
  /** At most this many clusters (beyond it the closest keep merging). */
  maxClusters: number;
}

export interface ClusterOutput {
  /** For each item, the index of its cluster in `clusters`. */
  assignment: number[];
  /** Largest first; the "other" bucket, when there is one, last. */
  clusters: Array<{ members: number[]; keywords: string[]; other: boolean }>;
  /** x, y per item, scaled into [-1, 1]. */
  layout: Array<[number, number]>;
  /** Mean silhouette over a sample of the items in clusters (a diagnostic; it does not pick the cut). */
  silhouette: number;
}

export const DEFAULT_CLUSTER_OPTIONS: Omit<ClusterOptions, 'minSize'> = { mergeSpread: 1, attachRatio: 0.5, maxClusters: 40 };

/** Items agglomerated one by one up to this many; more are gathered into micro-clusters first. */
const EXACT_UP_TO = 1200;
/** Above this many items (or above EXACT_UP_TO) the math works on PCA coordinates. */
const REDUCE_ABOVE = 1000;
const REDUCED_DIMS = 64;
const SILHOUETTE_SAMPLE = 300;
/** Item pairs sampled for the similarity scale. */
const SCALE_PAIRS = 20_000;

/** 3 for small communities, growing to 25 for large ones: a topic is a conversation several people had. */
export function minClusterSize(n: number): number {
  return Math.max(3, Math.min(25, Math.round(n / 60)));
}

export function clusterTopics(input: ClusterInput): ClusterOutput {
  const { dims, vectors, texts } = input;
  const n = texts.length;
  const options: ClusterOptions = { ...DEFAULT_CLUSTER_OPTIONS, minSize: minClusterSize(n), ...input.options };
  if (n === 0) return { assignment: [], clusters: [], layout: [], silhouette: 0 };
  const layout = layout2d(vectors, dims, n);
  const { points, width } = workingPoints(vectors, dims, n);
  const mergeAt = options.mergeAt ?? similarityScale(points, width, n, options.mergeSpread);
  const cut = { mergeAt, attachAt: mergeAt * options.attachRatio, minSize: options.minSize, maxClusters: options.maxClusters };
  const groups = n <= EXACT_UP_TO ? Array.from({ length: n }, (_, i) => [i]) : microClusters(points, width, n, microClusterCount(n));
  const labels = cutDendrogram(points, width, groups, n, cut);
  const { memberLists, otherMembers } = settleSmallClusters(points, width, labels, cut);
  const lists = otherMembers.length > 0 ? [...memberLists, otherMembers] : memberLists;
  const assignment = new Array<number>(n);
  lists.forEach((members, c) => members.forEach((i) => (assignment[i] = c)));
  const keywords = labelKeywords(lists, texts);
  return {
    assignment,
    clusters: lists.map((members, c) => ({ members, keywords: keywords[c]!, other: otherMembers.length > 0 && c === lists.length - 1 })),
    layout,
    silhouette: silhouette(points, width, assignment, otherMembers.length > 0 ? lists.length - 1 : -1),
  };
}

/** Mean + spread × standard deviation of the cosine of item pairs (all pairs, or an even sample of them). */
function similarityScale(points: Float32Array, width: number, n: number, spread: number): number {
  if (n < 2) return 1;
  const all = (n * (n - 1)) / 2;
  let sum = 0;
  let sumSq = 0;
  let count = 0;
  const add = (i: number, j: number) => {
    let dot = 0;
    for (let d = 0; d < width; d++) dot += points[i * width + d]! * points[j * width + d]!;
    sum += dot;
    sumSq += dot * dot;
    count++;
  };
  if (all <= SCALE_PAIRS) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) add(i, j);
  } else {
    // A fixed stride through the pairs (i, i + k): every item, every distance, the same sample every run.
    const perItem = Math.ceil(SCALE_PAIRS / n);
    for (let i = 0; i < n; i++) for (let k = 1; k <= perItem; k++) add(i, (i + Math.floor((k * (n - 1)) / (perItem + 1)) + 1) % n);
  }
  const mean = sum / count;
  return mean + spread * Math.sqrt(Math.max(0, sumSq / count - mean * mean));
}

const microClusterCount = (n: number): number => Math.min(400, Math.max(100, Math.round(3 * Math.sqrt(n))));

/** Unit rows to compare: the vectors themselves, or (many items) their PCA coordinates re-normalized. */
function workingPoints(vectors: Float32Array, dims: number, n: number): { points: Float32Array; width: number } {
  if (n <= REDUCE_ABOVE) return { points: vectors, width: dims };
  const fitted = principalAxes(vectors, dims, REDUCED_DIMS, { iterations: 4, sample: 1000 });
  // Cosines are what we cut on, so the vectors are projected as they are (not moved by the mean first):
  // dot products within the axes' span survive, and centered vectors have little outside it.
  const pca = { ...fitted, mean: new Float32Array(dims) };
  const points = new Float32Array(n * REDUCED_DIMS);
  for (let i = 0; i < n; i++) {
    const row = points.subarray(i * REDUCED_DIMS, (i + 1) * REDUCED_DIMS);
    project(pca, vectors, i * dims, row);
    let norm = 0;
    for (let d = 0; d < REDUCED_DIMS; d++) norm += row[d]! * row[d]!;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < REDUCED_DIMS; d++) row[d]! *= inv;
  }
  return { points, width: REDUCED_DIMS };
}

interface Merge {
  a: number;
  b: number;
  similarity: number;
}

/**
 * Average linkage over the groups by the nearest-neighbour chain (Lance-Williams updates of the group
 * similarity matrix, O(m²)); merges applied in order of similarity while at least `mergeAt` (and beyond, while
 * there are more than maxClusters). Returns a cluster label per item.
 */
interface Cut {
  mergeAt: number;
  attachAt: number;
  minSize: number;
  maxClusters: number;
}

function cutDendrogram(points: Float32Array, width: number, groups: number[][], n: number, options: Cut): Int32Array {
  const m = groups.length;
  const sim = groupSimilarities(points, width, groups);
  const at = (i: number, j: number): number => (i < j ? i * m + j : j * m + i);
  const size = Float64Array.from(groups, (g) => g.length);
  const active = new Uint8Array(m).fill(1);
  const merges: Merge[] = [];
  const chain: number[] = [];
  let remaining = m;
  while (remaining > 1) {
    if (chain.length === 0) {
      let start = 0;
      while (!active[start]) start++;
      chain.push(start);
    }
    const c = chain[chain.length - 1]!;
    const prev = chain.length > 1 ? chain[chain.length - 2]! : -1;
    let nearest = prev;
    let best = prev >= 0 ? sim[at(c, prev)]! : -Infinity;
    for (let k = 0; k < m; k++) {
      if (!active[k] || k === c) continue;
      const s = sim[at(c, k)]!;
      if (s > best) {
        best = s;
        nearest = k;
      }
    }
    if (nearest !== prev) {
      chain.push(nearest);
      continue;
    }
    chain.pop();
    chain.pop();
    const keep = Math.min(c, prev);
    const gone = Math.max(c, prev);
    merges.push({ a: keep, b: gone, similarity: best });
    const sk = size[keep]!;
    const sg = size[gone]!;
    for (let k = 0; k < m; k++) {
      if (!active[k] || k === keep || k === gone) continue;
      sim[at(keep, k)] = (sk * sim[at(keep, k)]! + sg * sim[at(gone, k)]!) / (sk + sg);
    }
    size[keep] = sk + sg;
    active[gone] = 0;
    remaining--;
  }
  merges.sort((x, y) => y.similarity - x.similarity);
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  // Clusters that count against maxClusters: the ones big enough to stay.
  const groupSize = Float64Array.from(groups, (g) => g.length);
  let big = groups.filter((g) => g.length >= options.minSize).length;
  for (const { a, b, similarity } of merges) {
    if (similarity < options.mergeAt && big <= options.maxClusters) break;
    const ra = find(a);
    const rb = find(b);
    const wasBig = Number(groupSize[ra]! >= options.minSize) + Number(groupSize[rb]! >= options.minSize);
    parent[rb] = ra;
    groupSize[ra] = groupSize[ra]! + groupSize[rb]!;
    big += Number(groupSize[ra]! >= options.minSize) - wasBig;
  }
  const labels = new Int32Array(n);
  groups.forEach((members, g) => {
    const label = find(g);
    for (const i of members) labels[i] = label;
  });
  return labels;
}

/**
 * Dissolves clusters below minSize: each of their items joins the cluster (of those that stay) whose members
 * it is most alike on average, when that is at least attachAt; the rest form the "other" bucket.
 */
function settleSmallClusters(points: Float32Array, width: number, labels: Int32Array, options: Cut): { memberLists: number[][]; otherMembers: number[] } {
  const byLabel = new Map<number, number[]>();
  labels.forEach((label, i) => {
    let list = byLabel.get(label);
    if (!list) byLabel.set(label, (list = []));
    list.push(i);
  });
  const kept = [...byLabel.values()].filter((members) => members.length >= options.minSize);
  const loose = [...byLabel.values()].filter((members) => members.length < options.minSize).flat();
  // Mean vector of each kept cluster: an item's dot product with it is its mean similarity to the members.
  const means = kept.map((members) => {
    const mean = new Float64Array(width);
    for (const i of members) for (let d = 0; d < width; d++) mean[d]! += points[i * width + d]!;
    for (let d = 0; d < width; d++) mean[d]! /= members.length;
    return mean;
  });
  const otherMembers: number[] = [];
  const joined = kept.map(() => [] as number[]);
  for (const i of loose) {
    let best = -1;
    let bestSim = -Infinity;
    means.forEach((mean, c) => {
      let s = 0;
      for (let d = 0; d < width; d++) s += mean[d]! * points[i * width + d]!;
      if (s > bestSim) {
        bestSim = s;
        best = c;
      }
    });
    if (best >= 0 && bestSim >= options.attachAt) joined[best]!.push(i);
    else otherMembers.push(i);
  }
  const memberLists = kept.map((members, c) => [...members, ...joined[c]!].sort((a, b) => a - b));
  // Biggest first, ties by first member: a stable order for the same input.
  memberLists.sort((a, b) => b.length - a.length || a[0]! - b[0]!);
  return { memberLists, otherMembers: otherMembers.sort((a, b) => a - b) };
}

/** Mean silhouette (cosine distance) of a sample of clustered items; the "other" bucket is left out. */
function silhouette(points: Float32Array, width: number, assignment: number[], otherIndex: number): number {
  const n = assignment.length;
  const clustered = assignment.map((c, i) => (c === otherIndex ? -1 : i)).filter((i) => i >= 0);
  const clusters = new Set(clustered.map((i) => assignment[i]!));
  if (clusters.size < 2) return 0;
  const step = Math.max(1, clustered.length / SILHOUETTE_SAMPLE);
  const sizes = new Map<number, number>();
  for (const i of clustered) sizes.set(assignment[i]!, (sizes.get(assignment[i]!) ?? 0) + 1);
  let total = 0;
  let counted = 0;
  const sums = new Map<number, number>();
  for (let s = 0; s < clustered.length; s += step) {
    const i = clustered[Math.floor(s)]!;
    sums.clear();
    for (const j of clustered) {
      if (j === i) continue;
      let dot = 0;
      for (let d = 0; d < width; d++) dot += points[i * width + d]! * points[j * width + d]!;
      sums.set(assignment[j]!, (sums.get(assignment[j]!) ?? 0) + (1 - dot));
    }
    const own = assignment[i]!;
    const ownSize = sizes.get(own)!;
    if (ownSize <= 1) continue;
    const a = sums.get(own)! / (ownSize - 1);
    let b = Infinity;
    for (const [c, sum] of sums) if (c !== own) b = Math.min(b, sum / sizes.get(c)!);
    total += (b - a) / Math.max(a, b);
    counted++;
  }
  void n;
  return counted === 0 ? 0 : total / counted;
}

/** First two principal components, scaled so the farthest item sits at ±1. */
function layout2d(vectors: Float32Array, dims: number, n: number): Array<[number, number]> {
  if (n === 1) return [[0, 0]];
  const pca = principalAxes(vectors, dims, 2, { iterations: 12, sample: 1500 });
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
