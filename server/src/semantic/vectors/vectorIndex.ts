/**
 * Exact cosine top-k over vectors kept in one contiguous Float32Array (row-major), so a query is a single
 * linear scan with no per-item objects. Vectors are L2-normalized by the model, so cosine is a dot product.
 * Removal moves the last row into the hole, keeping the matrix dense.
 */
export class VectorIndex {
  private data: Float32Array;
  private readonly keys: string[] = [];
  private readonly rows = new Map<string, number>();

  constructor(
    readonly dims: number,
    initialCapacity = 64,
  ) {
    this.data = new Float32Array(dims * Math.max(1, initialCapacity));
  }

  get size(): number {
    return this.keys.length;
  }

  has(key: string): boolean {
    return this.rows.has(key);
  }

  /** Adds or replaces the vector stored under `key`; a vector of another width is refused. */
  set(key: string, vector: Float32Array): void {
    if (vector.length !== this.dims) throw new RangeError(`vector has ${vector.length} dimensions, the index ${this.dims}`);
    let row = this.rows.get(key);
    if (row === undefined) {
      row = this.keys.length;
      if ((row + 1) * this.dims > this.data.length) {
        const grown = new Float32Array(this.data.length * 2);
        grown.set(this.data);
        this.data = grown;
      }
      this.keys.push(key);
      this.rows.set(key, row);
    }
    this.data.set(vector, row * this.dims);
  }

  remove(key: string): boolean {
    const row = this.rows.get(key);
    if (row === undefined) return false;
    const last = this.keys.length - 1;
    if (row !== last) {
      const lastKey = this.keys[last]!;
      this.data.copyWithin(row * this.dims, last * this.dims, (last + 1) * this.dims);
      this.keys[row] = lastKey;
      this.rows.set(lastKey, row);
    }
    this.keys.pop();
    this.rows.delete(key);
    return true;
  }

  /** A copy of the stored vector, or null. */
  get(key: string): Float32Array | null {
    const row = this.rows.get(key);
    return row === undefined ? null : this.data.slice(row * this.dims, (row + 1) * this.dims);
  }

  /** Every key, in row order. */
  allKeys(): string[] {
    return [...this.keys];
  }

  /** Cosine of `query` with the vector under `key` (null when absent), without copying the row. */
  similarity(query: Float32Array, key: string): number | null {
    const row = this.rows.get(key);
    return row === undefined ? null : dotAt(this.data, row * this.dims, query, this.dims);
  }

  /**
   * The k keys most similar to `query`, best first. `accept` filters keys during the scan (cheap checks only:
   * it runs for every row). Ties keep row order.
   */
  topK(query: Float32Array, k: number, accept?: (key: string) => boolean): Array<{ key: string; score: number }> {
    if (k <= 0 || this.keys.length === 0) return [];
    const best = new TopK(k);
    const n = this.keys.length;
    for (let row = 0; row < n; row++) {
      const score = dotAt(this.data, row * this.dims, query, this.dims);
      if (!best.accepts(score)) continue;
      if (accept && !accept(this.keys[row]!)) continue;
      best.push(row, score);
    }
    return best.sorted().map(({ id, score }) => ({ key: this.keys[id]!, score }));
  }
}

/** Dot product of `query` with `dims` floats of `data` starting at `offset`; unrolled because it is the hot loop. */
export function dotAt(data: Float32Array, offset: number, query: Float32Array, dims: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dims; d += 4) {
    s0 += data[offset + d]! * query[d]!;
    s1 += data[offset + d + 1]! * query[d + 1]!;
    s2 += data[offset + d + 2]! * query[d + 2]!;
    s3 += data[offset + d + 3]! * query[d + 3]!;
  }
  for (; d < dims; d++) s0 += data[offset + d]! * query[d]!;
  return s0 + s1 + s2 + s3;
}

export function dot(a: Float32Array, b: Float32Array): number {
  return dotAt(a, 0, b, Math.min(a.length, b.length));
}

/** A bounded min-heap of (id, score): keeps the k best seen. */
export class TopK {
  private readonly ids: number[] = [];
  private readonly scores: number[] = [];

  constructor(private readonly k: number) {}

  /** False when `score` could not enter: lets callers skip work for hopeless rows. */
  accepts(score: number): boolean {
    return this.ids.length < this.k || score > this.scores[0]!;
  }

  push(id: number, score: number): void {
    if (this.ids.length < this.k) {
      this.ids.push(id);
      this.scores.push(score);
      this.up(this.ids.length - 1);
    } else if (score > this.scores[0]!) {
      this.ids[0] = id;
      this.scores[0] = score;
      this.down(0);
    }
  }

  sorted(): Array<{ id: number; score: number }> {
    return this.ids.map((id, i) => ({ id, score: this.scores[i]! })).sort((a, b) => b.score - a.score || a.id - b.id);
  }

  private up(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.scores[p]! <= this.scores[i]!) break;
      this.swap(i, p);
      i = p;
    }
  }

  private down(i: number): void {
    const n = this.ids.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.scores[l]! < this.scores[m]!) m = l;
      if (r < n && this.scores[r]! < this.scores[m]!) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(a: number, b: number): void {
    [this.ids[a], this.ids[b]] = [this.ids[b]!, this.ids[a]!];
    [this.scores[a], this.scores[b]] = [this.scores[b]!, this.scores[a]!];
  }
}
