import type { SearchResult } from '@cohort/shared';

/** Results scoring below this are not "close" whatever the rest score. */
export const SCORE_FLOOR = 0.2;
/** ...and neither are those far below the best one. */
export const RELATIVE_CUT = 0.5;

/** The results close enough to show, and how many weaker ones were held back (best first, as the hub sends). */
export function closeResults(results: readonly SearchResult[]): { close: SearchResult[]; weaker: SearchResult[] } {
  const best = results.reduce((m, r) => Math.max(m, r.score), -Infinity);
  const bar = Math.max(SCORE_FLOOR, best * RELATIVE_CUT);
  const close: SearchResult[] = [];
  const weaker: SearchResult[] = [];
  for (const r of results) (r.score >= bar ? close : weaker).push(r);
  return { close, weaker };
}

/** A markdown snippet as plain text: no fences, headings, emphasis, link syntax, quotes, list marks or tags. */
export function plainSnippet(markdown: string): string {
  return markdown
    .replace(/```[^\n`]*\n?/g, ' ') // code fence lines (the code inside stays as text)
    .replace(/~~~[^\n]*\n?/g, ' ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, ' ')
    .replace(/^\s{0,3}#{1,6}\s+/gm, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[^\w*])[*_]([^*_\n]+)[*_](?=[^\w*]|$)/g, '$1$2')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/[#*_`~]{2,}/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The words of a query to mark: each whitespace-separated word, and for Chinese every two-character run. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const word of query.toLowerCase().split(/[\s,，、;；]+/)) {
    if (!word) continue;
    if (CJK.test(word) && word.length > 2) for (let i = 0; i + 2 <= word.length; i++) terms.add(word.slice(i, i + 2));
    if (word.length >= 2 || CJK.test(word)) terms.add(word);
  }
  return [...terms].sort((a, b) => b.length - a.length);
}

/** `text` split into runs, `hit` where a query term occurs (case-insensitive, longest term first). */
export function highlightParts(text: string, query: string): Array<{ text: string; hit: boolean }> {
  const terms = queryTerms(query);
  if (terms.length === 0 || !text) return [{ text, hit: false }];
  const escaped = terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(${escaped.join('|')})`, 'gi');
  const parts: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    const at = m.index ?? 0;
    if (at > last) parts.push({ text: text.slice(last, at), hit: false });
    parts.push({ text: m[0], hit: true });
    last = at + m[0].length;
  }
  if (last < text.length) parts.push({ text: text.slice(last), hit: false });
  return parts;
}
