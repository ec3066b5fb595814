import { STOP_WORDS } from './stopWords';

/** The parts of @node-rs/jieba we use (typed here: its loading is deferred until first use). */
interface JiebaLike {
  cut(text: string, hmm?: boolean): string[];
}

let jieba: JiebaLike | null = null;

/** The segmenter with its bundled dictionary, loaded once per thread on first use. */
function segmenter(): JiebaLike {
  if (!jieba) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Jieba } = require('@node-rs/jieba') as { Jieba: { withDict(dict: Uint8Array): JiebaLike } };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const HAN = /\p{Script=Han}/u;
const LATIN_WORD = /^[\p{L}\p{M}][\p{L}\p{M}\p{N}+#.-]*$/u;

/**
 * Content words of a text for keyword labels: Chinese segmented by jieba (words of 2+ characters: single
 * characters are mostly particles), other scripts split on non-letters, lower-cased; stop-words, numbers
 * and one-letter words dropped.
 */
export function keywordTokens(text: string): string[] {
  const out: string[] = [];
  const normalized = text.normalize('NFKC').toLowerCase();
  for (const raw of segmenter().cut(normalized, true)) {
    const token = raw.trim().replace(/^[.+#-]+|[.-]+$/gu, '');
    if (!token || STOP_WORDS.has(token)) continue;
    if (HAN.test(token)) {
      if ([...token].length >= 2 && /^[\p{Script=Han}]+$/u.test(token)) out.push(token);
      continue;
    }
    if (token.length >= 2 && LATIN_WORD.test(token)) out.push(token);
  }
  return out;
}
