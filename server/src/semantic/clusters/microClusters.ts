import { dotAt } from '../vectors/vectorIndex';

/**
 * Groups of items for average-linkage clustering, on unit rows (`points`, n × width, row-major): the mean
 * similarity between two groups is the dot product of their sums over the product of their sizes, so groups
 * agglomerate exactly without a matrix over items.
 */

/** The m × m matrix of mean pairwise cosines between groups (row-major; only i < j is filled). */
export function groupSimilarities(points: Float32Array, width: number, groups: number[][]): Float32Array {
  const m = groups.length;
  const sums = new Float32Array(m * width);
  groups.forEach((members, g) => {
    const base = g * width;
    for (const i of members) for (let d = 0; d < width; d++) sums[base + d]! += points[i * width + d]!;
  });
  const sim = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const ba = a * width;
    const sa = groups[a]!.length;
    for (let b = a + 1; b < m; b++) sim[a * m + b] = dotAt(sums, b * width, sums.subarray(ba, ba + width), width) / (sa * groups[b]!.length);
  }
  return sim;
}

/**
 * `m` micro-clusters by spherical k-means: k-means++ seeds drawn deterministically from a sample, then a few
 * Lloyd rounds (assign to the most similar centroid, centroid = normalized mean). Empty clusters are dropped.
 */
export function microClusters(points: Float32Array, width: number, n: number, m: number, rounds = 4): number[][] {
  m = Math.min(m, n);
  const rows = Array.from({ length: n }, (_, i) => points.subarray(i * width, (i + 1) * width));
  const centroids = seeds(rows, width, m);
  const assign = new Int32Array(n);
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestSim = -Infinity;
      for (let c = 0; c < m; c++) {
        const s = dotAt(centroids, c * width, rows[i]!, width);
        if (s > bestSim) {
          bestSim = s;
          best = c;
        }
      }
      assign[i] = best;
    }
    if (round === rounds) break;
    centroids.fill(0);
    for (let i = 0; i < n; i++) for (let d = 0; d < width; d++) centroids[assign[i]! * width + d]! += points[i * width + d]!;
    for (let c = 0; c < m; c++) normalizeRow(centroids, c * width, width);
  }
  const groups: number[][] = Array.from({ length: m }, () => []);
  for (let i = 0; i < n; i++) groups[assign[i]!]!.push(i);
  return groups.filter((g) => g.length > 0);
}

/** k-means++ on an evenly spread sample, with a fixed pseudo-random sequence: the same input, the same seeds. */
function seeds(rows: Float32Array[], width: number, m: number): Float32Array {
  const n = rows.length;
  const sampleSize = Math.min(n, Math.max(4 * m, 2000));
  const sample = Array.from({ length: sampleSize }, (_, i) => Math.floor((i * n) / sampleSize));
  let state = 0x2545f491;
  const random = (): number => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
  const centroids = new Float32Array(m * width);
  const closest = new Float64Array(sampleSize).fill(Infinity);
  let pick = sample[0]!;
  for (let c = 0; c < m; c++) {
    centroids.set(rows[pick]!, c * width);
    let total = 0;
    for (let s = 0; s < sampleSize; s++) {
      const distance = Math.max(0, 1 - dotAt(centroids, c * width, rows[sample[s]!]!, width));
      if (distance < closest[s]!) closest[s] = distance;
      total += closest[s]!;
    }
    let target = random() * total;
    pick = sample[sampleSize - 1]!;
    for (let s = 0; s < sampleSize; s++) {
      target -= closest[s]!;
      if (target <= 0) {
        pick = sample[s]!;
        break;
      }
    }
  }
  return centroids;
}

function normalizeRow(data: Float32Array, offset: number, width: number): void {
  let norm = 0;
  for (let d = 0; d < width; d++) norm += data[offset + d]! ** 2;
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (let d = 0; d < width; d++) data[offset + d]! *= inv;
}
