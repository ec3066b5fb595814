/**
 * Enriched discussion vectors, pure computation (it runs in the vector math thread): each discussion's text
 * vector plus what surrounds it,
 * - its audience: the people who took part in it, each described by the mean text vector of the other
 *   discussions they took part in, weighted by how rare taking part is for them (log(1 + n / their count));
 * - its tags: for each tag, the mean text vector of the other discussions carrying it;
 * each normalized, then X = normalize(text + audience·w_a·a + tags·w_t·t). Comparing X with X ranks a thread
 * near one whose words differ but whose people and tags overlap, and near one its own people wrote about
 * in other words. A context only counts as far as contexts agree with texts: first in the whole community
 * (the mean cosine of context and text over the items that have one, mapped by `community` onto 0..1: where
 * a few members post on every topic, audiences say nothing about topics, agree with no text, and fade out
 * instead of drowning the text), then, at most halving it, for the item itself (`item`, the same mapping of
 * its own cosine). An audience counts fully from `fullAudience` people with other discussions on. Only `contributes` items (public ones) lend their text to others, so a private room's words never
 * leak into a public item's vector. Figures: docs/architecture.md ("Discussion signals").
 */
export interface EnrichmentInput {
  dims: number;
  /** n unit text vectors, row-major. */
  text: Float32Array;
  /** Per item: its tags (normalized) and the ids of the people who took part. */
  tags: string[][];
  participants: string[][];
  /** Per item: whether its text may shape other items' vectors. */
  contributes: boolean[];
  weights: EnrichmentWeights;
}

export interface EnrichmentWeights {
  audience: number;
  tags: number;
  /** A context counts from these cosines with the texts on (the community's mean, the item's own), fully `span` above. */
  agreement: { community: { from: number; span: number }; item: { from: number; span: number } };
  /** An audience counts fully from this many people with other discussions, a share of it below. */
  fullAudience: number;
}

/** n × dims enriched unit vectors, row-major. */
export function enrichDiscussions(input: EnrichmentInput): Float32Array {
  const { dims, text, tags, participants, contributes, weights } = input;
  const n = tags.length;
  const audience = contextVectors(dims, text, participants, contributes, rarityWeight(participants, n));
  const tagged = contextVectors(dims, text, tags, contributes, () => 1);
  const known = audienceSizes(participants, contributes);
  const { community, item } = weights.agreement;
  // (No context, NaN: nothing to weigh, the context vector is zero anyway.)
  const ramp = (c: number, at: { from: number; span: number }): number => (Number.isNaN(c) ? 0 : Math.max(0, Math.min(1, (c - at.from) / at.span)));
  const audienceCos = agreements(dims, text, audience);
  const tagCos = agreements(dims, text, tagged);
  const audienceGate = ramp(meanOf(audienceCos), community);
  const tagGate = ramp(meanOf(tagCos), community);
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const base = i * dims;
    const wa = weights.audience * audienceGate * Math.max(0.5, ramp(audienceCos[i]!, item)) * Math.min(1, known[i]! / weights.fullAudience);
    const wt = weights.tags * tagGate * Math.max(0.5, ramp(tagCos[i]!, item));
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = text[base + d]! + wa * audience[base + d]! + wt * tagged[base + d]!;
      out[base + d] = v;
      norm += v * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dims; d++) out[base + d]! *= inv;
  }
  return out;
}

/** Per item: the cosine of its context with its text (NaN when it has no context). */
function agreements(dims: number, text: Float32Array, context: Float32Array): Float64Array {
  const n = text.length / dims;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let cos = 0;
    let any = false;
    for (let d = 0; d < dims; d++) {
      const c = context[i * dims + d]!;
      if (c !== 0) any = true;
      cos += c * text[i * dims + d]!;
    }
    out[i] = any ? cos : Number.NaN;
  }
  return out;
}

/** Mean of the numbers that are not NaN (0 when none are). */
function meanOf(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/** Per item: how many of its people took part in another contributing item (the audience it can have). */
function audienceSizes(participants: string[][], contributes: boolean[]): Int32Array {
  const counts = new Map<string, number>();
  participants.forEach((people, i) => {
    if (contributes[i]) for (const p of new Set(people)) counts.set(p, (counts.get(p) ?? 0) + 1);
  });
  return Int32Array.from(participants, (people, i) => [...new Set(people)].filter((p) => (counts.get(p) ?? 0) - (contributes[i] ? 1 : 0) > 0).length);
}

/** log(1 + n / how many items a key appears in): taking part everywhere says little about any one item. */
function rarityWeight(keysOf: string[][], n: number): (key: string) => number {
  const counts = new Map<string, number>();
  for (const keys of keysOf) for (const key of new Set(keys)) counts.set(key, (counts.get(key) ?? 0) + 1);
  return (key) => Math.log(1 + n / (counts.get(key) ?? 1));
}

/**
 * For each item, the normalized sum over its keys (people, tags) of weight(key) × the mean text vector of the
 * other contributing items with that key (leave-one-out: an item is not its own context). Zero when none.
 */
function contextVectors(dims: number, text: Float32Array, keysOf: string[][], contributes: boolean[], weight: (key: string) => number): Float32Array {
  const n = keysOf.length;
  const sums = new Map<string, { sum: Float64Array; count: number }>();
  keysOf.forEach((keys, i) => {
    if (!contributes[i]) return;
    for (const key of new Set(keys)) {
      let entry = sums.get(key);
      if (!entry) sums.set(key, (entry = { sum: new Float64Array(dims), count: 0 }));
      const base = i * dims;
      for (let d = 0; d < dims; d++) entry.sum[d]! += text[base + d]!;
      entry.count++;
    }
  });
  const out = new Float32Array(n * dims);
  const acc = new Float64Array(dims);
  keysOf.forEach((keys, i) => {
    acc.fill(0);
    let any = false;
    const base = i * dims;
    for (const key of new Set(keys)) {
      const entry = sums.get(key);
      if (!entry) continue;
      const own = contributes[i] ? 1 : 0;
      const others = entry.count - own;
      if (others <= 0) continue;
      const w = weight(key) / others;
      for (let d = 0; d < dims; d++) acc[d]! += w * (entry.sum[d]! - own * text[base + d]!);
      any = true;
    }
    if (!any) return;
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += acc[d]! * acc[d]!;
    if (norm === 0) return;
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < dims; d++) out[base + d] = acc[d]! * inv;
  });
  return out;
}
