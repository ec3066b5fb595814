// The topic clustering the hub used before (commit 7b80fcb, server/src/semantic/clusters/topicClustering.ts),
// kept here as bench/cluster's in-run baseline: average linkage by the nearest-neighbour chain over a condensed
// n(n-1)/2 distance matrix, the dendrogram cut at the best silhouette (k <= 40, over a 600-item sample), on
// PCA-64 coordinates above 1,000 items. Keyword labels are left out: both methods are timed without them.
export function silhouetteClustering(vectors, dims, n, { principalAxes, project }) {
  let points = vectors;
  let width = dims;
  if (n > 1000) {
    const pca = principalAxes(vectors, dims, 64, { iterations: 8, sample: 2000 });
    points = new Float32Array(n * 64);
    const row = new Float32Array(64);
    for (let i = 0; i < n; i++) points.set(project(pca, vectors, i * dims, row), i * 64);
    width = 64;
  }
  const distance = (i, j) => {
    let s = 0;
    for (let d = 0; d < width; d++) {
      const x = points[i * width + d] - points[j * width + d];
      s += x * x;
    }
    return s / 2;
  };
  const idx = (i, j) => (i < j ? i * n - (i * (i + 1)) / 2 + j - i - 1 : j * n - (j * (j + 1)) / 2 + i - j - 1);
  const dist = new Float32Array((n * (n - 1)) / 2);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) dist[idx(i, j)] = distance(i, j);
  const size = new Int32Array(n).fill(1);
  const active = new Uint8Array(n).fill(1);
  const merges = [];
  const chain = [];
  let remaining = n;
  while (remaining > 1) {
    if (chain.length === 0) {
      let start = 0;
      while (!active[start]) start++;
      chain.push(start);
    }
    const c = chain[chain.length - 1];
    const prev = chain.length > 1 ? chain[chain.length - 2] : -1;
    let nearest = prev;
    let best = prev >= 0 ? dist[idx(c, prev)] : Infinity;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === c) continue;
      const d = dist[idx(c, k)];
      if (d < best) {
        best = d;
        nearest = k;
      }
    }
    if (nearest === prev) {
      chain.pop();
      chain.pop();
      const keep = Math.min(c, prev);
      const gone = Math.max(c, prev);
      merges.push({ a: keep, b: gone, height: best });
      const sk = size[keep];
      const sg = size[gone];
      for (let k = 0; k < n; k++) {
        if (!active[k] || k === keep || k === gone) continue;
        dist[idx(keep, k)] = (sk * dist[idx(keep, k)] + sg * dist[idx(gone, k)]) / (sk + sg);
      }
      size[keep] = sk + sg;
      active[gone] = 0;
      remaining--;
    } else chain.push(nearest);
  }
  merges.sort((x, y) => x.height - y.height);
  // The cut with the best silhouette.
  const sampleSize = Math.min(n, 600);
  const sample = Array.from({ length: sampleSize }, (_, i) => Math.floor((i * n) / sampleSize));
  const sampleDist = new Float32Array(sampleSize * n);
  sample.forEach((i, s) => {
    for (let j = 0; j < n; j++) sampleDist[s * n + j] = Math.sqrt(2 * distance(i, j));
  });
  const maxK = Math.min(40, Math.floor(n / 2));
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x) => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  let bestCut = { labels: new Array(n).fill(0), silhouette: -Infinity };
  for (let m = 0; m < merges.length; m++) {
    const k = n - m;
    if (k <= maxK && k >= 2) {
      const labels = Array.from({ length: n }, (_, i) => find(i));
      const score = silhouette(labels, sample, sampleDist, n);
      if (score > bestCut.silhouette) bestCut = { labels, silhouette: score };
    }
    parent[find(merges[m].b)] = find(merges[m].a);
  }
  return bestCut.labels;
}

function silhouette(labels, sample, sampleDist, n) {
  const sizes = new Map();
  for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  let total = 0;
  const sums = new Map();
  sample.forEach((i, s) => {
    sums.clear();
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      sums.set(labels[j], (sums.get(labels[j]) ?? 0) + sampleDist[s * n + j]);
    }
    const own = labels[i];
    const ownSize = sizes.get(own);
    if (ownSize <= 1) return;
    const a = sums.get(own) / (ownSize - 1);
    let b = Infinity;
    for (const [l, sum] of sums) if (l !== own) b = Math.min(b, sum / sizes.get(l));
    if (b === Infinity) return;
    total += (b - a) / Math.max(a, b);
  });
  return total / sample.length;
}
