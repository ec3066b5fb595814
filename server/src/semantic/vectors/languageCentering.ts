/**
 * Language centering. bge-small-zh puts every English text in a narrow cone (unrelated English texts score
 * 0.5-0.7 with each other, above same-topic Chinese/English pairs), so raw cosine groups by language before
 * topic. Subtracting each language's mean vector over the corpus (then re-normalizing) removes the shared
 * "this is English / this is startup talk in Chinese" direction and leaves the topic: on our bilingual
 * fixture, related-thread precision went from 0.54 to 0.74 and clustering NMI from 0.25 to 0.71.
 *
 * A text's language is a weight: the share of Han characters among its letters (English words counted
 * as about 4 letters per character's worth), so mixed texts subtract a mix of both means.
 */

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** 1 for all-Chinese text, 0 for all-English, in between for mixed; 0.5 when neither script appears. */
export function chineseShare(text: string): number {
  const han = text.match(HAN)?.length ?? 0;
  const latin = (text.match(LATIN)?.length ?? 0) / 4;
  return han + latin === 0 ? 0.5 : han / (han + latin);
}

/** How much of a language's mean is removed; the rest keeps a little of the raw geometry. */
const STRENGTH = 1;
/** A language seen in only a few texts is centered less (its mean would be those texts themselves). */
const PRIOR_COUNT = 3;

/** Means known before any community: blended into a community's own as `weight` texts' worth of each language. */
export interface PriorMeans {
  zh: Float32Array;
  en: Float32Array;
  weight: number;
}

/** Per-language mean vectors of one group of comparable vectors. */
export class LanguageMeans {
  private constructor(
    private readonly zh: Float32Array,
    private readonly en: Float32Array,
  ) {}

  /** No centering at all (a model profile that turns it off). */
  static none(dims: number): LanguageMeans {
    return new LanguageMeans(new Float32Array(dims), new Float32Array(dims));
  }

  /**
   * Means over (vector, Chinese share) pairs; each vector counts toward both languages by its share. With a
   * prior, each language's mean is (weight × prior + the sum) / (weight + the count): a young community
   * centers mostly by the prior, so one newcomer barely moves it; a large one by its own texts. Without one,
   * a language seen in only a few texts is centered less (its mean would be those texts themselves).
   */
  static of(dims: number, items: Iterable<{ vector: Float32Array; zh: number }>, prior?: PriorMeans): LanguageMeans {
    const sumZh = new Float64Array(dims);
    const sumEn = new Float64Array(dims);
    let nZh = 0;
    let nEn = 0;
    for (const { vector, zh } of items) {
      const en = 1 - zh;
      for (let d = 0; d < dims; d++) {
        sumZh[d]! += zh * vector[d]!;
        sumEn[d]! += en * vector[d]!;
      }
      nZh += zh;
      nEn += en;
    }
    const mean = (sum: Float64Array, n: number, known: Float32Array | undefined) => {
      if (prior && known) return Float32Array.from(sum, (v, d) => (STRENGTH * (prior.weight * known[d]! + v)) / (prior.weight + n));
      const scale = n > 0 ? (STRENGTH * (n / (n + PRIOR_COUNT))) / n : 0;
      return Float32Array.from(sum, (v) => v * scale);
    };
    return new LanguageMeans(mean(sumZh, nZh, prior?.zh), mean(sumEn, nEn, prior?.en));
  }

  /** The vector minus its language's (shrunk) mean, normalized; the raw vector if that leaves nothing. */
  center(vector: Float32Array, zh: number, out = new Float32Array(vector.length)): Float32Array {
    const en = 1 - zh;
    let norm = 0;
    for (let d = 0; d < vector.length; d++) {
      const v = vector[d]! - zh * this.zh[d]! - en * this.en[d]!;
      out[d] = v;
      norm += v * v;
    }
    if (norm < 1e-12) {
      out.set(vector);
      return out;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let d = 0; d < out.length; d++) out[d]! *= inv;
    return out;
  }
}
