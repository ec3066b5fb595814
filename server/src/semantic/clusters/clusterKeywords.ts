import { keywordTokens } from './keywordTokens';

/** Keywords kept per cluster: the best Chinese and English ones, interleaved by rank. */
const KEYWORDS = 8;
/** Each text is read this far for keywords: title, tags and the start of the body say what it is about. */
const KEYWORD_CHARS = 600;
const HAN = /\p{Script=Han}/u;

/**
 * Class-based TF-IDF: each cluster's texts form one document; a word weighs its frequency in the cluster
 * times log(1 + A / its frequency over all clusters), A the mean number of words per cluster. A cluster's
 * keywords alternate between its best Chinese and its best English words (a bilingual community reads
 * both), as far as each language has words worth naming.
 */
export function labelKeywords(memberLists: number[][], texts: string[]): string[][] {
  const counts = memberLists.map((members) => {
    const tf = new Map<string, number>();
    for (const i of members) for (const t of keywordTokens(texts[i]!.slice(0, KEYWORD_CHARS))) tf.set(t, (tf.get(t) ?? 0) + 1);
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
    const ranked = (picked.length >= 3 ? picked : scored).sort((a, b) => b.w - a.w || (a.t < b.t ? -1 : 1)).map((s) => s.t);
    return interleave(
      ranked.filter((t) => HAN.test(t)),
      ranked.filter((t) => !HAN.test(t)),
    ).slice(0, KEYWORDS);
  });
}

function interleave(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

/** A short label: the two best Chinese and the two best English keywords. */
export function clusterLabel(keywords: string[]): string {
  const zh = keywords.filter((k) => HAN.test(k)).slice(0, 2);
  const en = keywords.filter((k) => !HAN.test(k)).slice(0, 2);
  return [...zh, ...en].join(' · ');
}
