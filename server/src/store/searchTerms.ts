/**
 * Lexical search terms for stores without a usable full-text engine (FerretDB has no $text, and MongoDB's
 * $text does not segment Chinese). Pure functions, no I/O.
 *
 * Text is NFKC-normalised and lower-cased, then split into runs:
 * - CJK runs (Han, Hiragana, Katakana) have no spaces between words, so they are indexed as every single
 *   character plus every adjacent pair (bigram). A query uses the run's bigrams (the run itself when it is
 *   one character), which finds any substring of two or more characters without a dictionary.
 * - Runs of other letters and digits (Latin, Cyrillic, Hangul, ...) are words.
 */

/** Longest word kept; longer ones are cut, the same way on both sides, so index keys stay small. */
const MAX_WORD_LENGTH = 64;
/** A query is reduced to at most this many distinct terms. */
export const MAX_QUERY_TERMS = 32;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const WORD = /[\p{L}\p{N}\p{M}]/u;

type Run = { cjk: boolean; chars: string[] };

function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  let current: Run | null = null;
  for (const char of text.normalize('NFKC').toLowerCase()) {
    const cjk = CJK.test(char);
    if (!cjk && !WORD.test(char)) {
      current = null;
      continue;
    }
    if (!current || current.cjk !== cjk) {
      current = { cjk, chars: [] };
      runs.push(current);
    }
    current.chars.push(char);
  }
  return runs;
}

const word = (run: Run): string => run.chars.slice(0, MAX_WORD_LENGTH).join('');

/** Every term a text is found by: words, CJK characters and CJK character pairs; distinct. */
export function indexTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(text)) {
    if (!run.cjk) {
      terms.add(word(run));
      continue;
    }
    run.chars.forEach((char, i) => {
      terms.add(char);
      const next = run.chars[i + 1];
      if (next !== undefined) terms.add(char + next);
    });
  }
  return [...terms];
}

/** The terms a query asks for, in query order, distinct, at most MAX_QUERY_TERMS. */
export function queryTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const run of runsOf(query)) {
    if (!run.cjk) terms.add(word(run));
    else if (run.chars.length === 1) terms.add(run.chars[0]!);
    else for (let i = 0; i + 1 < run.chars.length; i += 1) terms.add(run.chars[i]! + run.chars[i + 1]!);
  }
  return [...terms].slice(0, MAX_QUERY_TERMS);
}

export interface SearchableText {
  title: string;
  body: string;
  tags: readonly string[];
}

/** The index terms of a thread: those of its title, body and tags together. */
export function searchTermsOf(item: SearchableText): string[] {
  return [...new Set([...indexTerms(item.title), ...indexTerms(item.body), ...indexTerms(item.tags.join(' '))])];
}

const TITLE_WEIGHT = 3;
const TAG_WEIGHT = 2;
const BODY_WEIGHT = 1;

/**
 * How well an item matches the query terms; 0 when no term matches, otherwise positive and higher is better.
 * The order is lexicographic: items with every term first, then by how many terms matched, then by where
 * they matched (a title hit outweighs a tag hit, which outweighs a body hit).
 */
export function searchScore(item: SearchableText, terms: readonly string[]): number {
  if (terms.length === 0) return 0;
  const title = new Set(indexTerms(item.title));
  const tags = new Set(indexTerms(item.tags.join(' ')));
  const body = new Set(indexTerms(item.body));
  let matched = 0;
  let weight = 0;
  for (const term of terms) {
    const hit = (title.has(term) ? TITLE_WEIGHT : 0) + (tags.has(term) ? TAG_WEIGHT : 0) + (body.has(term) ? BODY_WEIGHT : 0);
    if (hit > 0) matched += 1;
    weight += hit;
  }
  if (matched === 0) return 0;
  // weight <= 6 * MAX_QUERY_TERMS < 1000 and matched <= MAX_QUERY_TERMS < 1000, so the tiers never overlap.
  const all = matched === terms.length ? 1 : 0;
  return all * 1_000_000 + matched * 1_000 + weight;
}
