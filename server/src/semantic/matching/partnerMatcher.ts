import { utcOffsetHours } from '@cohort/shared';
import type { MatchPreferences } from '../../store/ports';
import { project, type PrincipalAxes } from '../vectors/pca';
import type { VectorMathThread } from '../vectors/vectorMathThread';
import { dot, dotAt, TopK } from '../vectors/vectorIndex';
import { reason, type ReasonCode } from '../explanations/reasons';

/** One offer or need of a profile with its vector. */
export interface MatchItem {
  text: string;
  vector: Float32Array;
}

/** What matching knows of one person. Vectors are unit length; any may be missing (not written yet). */
export interface MatchCandidate {
  userId: string;
  role: string;
  interests: string[];
  lookingFor: string[];
  languages: string[];
  timezone: string;
  hoursPerWeek: number | null;
  preferences: MatchPreferences;
  offers: MatchItem[];
  needs: MatchItem[];
  /** Role, interests, skills and bio together. */
  about: Float32Array | null;
  /** All offers / all needs as one text each: used for the coarse pass over large communities. */
  offersAll: Float32Array | null;
  needsAll: Float32Array | null;
}

export interface PartnerMatch {
  userId: string;
  score: number;
  /** Why, in machine form (rendered in the reader's language by PartnerMatches). */
  reasonCodes: ReasonCode[];
  /** The parts of the score, for clients that explain it and for tuning. */
  parts: { theyMeetYourNeeds: number; youMeetTheirNeeds: number; reciprocal: number; interests: number; roles: number };
}

/**
 * Items are compared as language-centered vectors (see languageCentering.ts): unrelated items score about
 * -0.1..0.1 and close paraphrases, across languages too, 0.2..0.6. A fit rescales that to 0..1.
 */
const FIT_FLOOR = 0;
const FIT_CEIL = 0.5;
const fit = (cos: number): number => Math.max(0, Math.min(1, (cos - FIT_FLOOR) / (FIT_CEIL - FIT_FLOOR)));
/** A per-item fit below this is not worth naming in a reason. */
const REASON_FIT = 0.25;
const WEIGHTS = { reciprocal: 0.7, interests: 0.2, roles: 0.1 };
/** Above this many candidates a coarse pass on PCA-reduced vectors picks who gets the exact score. */
const COARSE_ABOVE = 3000;
const COARSE_DIMS = 48;
const COARSE_POOL = 400;
/** Candidates per projection job: about 9 MB of vectors, a few ms of copying on the event loop. */
const PROJECT_CHUNK = 1500;

/** How well `needs` are met by `offers`: each need's best offer, merged as 0.6·best + 0.4·mean. */
export function needsMet(needs: MatchItem[], offers: MatchItem[]): { score: number; best: { need: string; offer: string; fit: number } | null } | null {
  if (needs.length === 0 || offers.length === 0) return null;
  let sum = 0;
  let best: { need: string; offer: string; fit: number } | null = null;
  for (const need of needs) {
    let top = -1;
    let topOffer = offers[0]!;
    for (const offer of offers) {
      const c = dot(need.vector, offer.vector);
      if (c > top) {
        top = c;
        topOffer = offer;
      }
    }
    const f = fit(top);
    sum += f;
    if (!best || f > best.fit) best = { need: need.text, offer: topOffer.text, fit: f };
  }
  return { score: 0.6 * best!.fit + 0.4 * (sum / needs.length), best };
}

/**
 * Both directions together: their power mean with exponent ½, ((√f + √b) / 2)², between the geometric and the
 * arithmetic mean. Both sides still count (f = 0.8, b = 0 gives 0.2), but one direction the model misjudges
 * no longer sinks a good pair: across languages it sometimes scores a true paraphrase near 0 ("advice on
 * setting up an employee option plan" against "期权池和员工股权激励方案设计": 0.01), which the harmonic mean
 * used before turned into no match at all (dev half of the evaluation community: 26/30 -> 30/30 planted
 * partners in the top 3, with the role families below). A one-sided fit (the other side has nothing to
 * compare) counts half.
 */
export function reciprocal(forward: number | null, backward: number | null): number {
  if (forward === null && backward === null) return 0;
  if (forward === null || backward === null) return 0.5 * (forward ?? backward ?? 0);
  const root = (Math.sqrt(forward) + Math.sqrt(backward)) / 2;
  return root * root;
}

/**
 * Role families, the first that matches wins: the specific ones (a user researcher is design, a product
 * manager for legal tech is product, a technical recruiter is people) before the broad tech family.
 * Latin abbreviations match whole words only ("ai" is not in "chair").
 */
const ROLE_FAMILIES: Array<[family: string, words: RegExp]> = [
  ['design', /user research|ux research|用户研究|design|\bux\b|\bui\b|设计|交互|视觉/u],
  ['product', /product|\bpm\b|产品/u],
  ['people', /recruit|headhunt|talent|\bhr\b|招聘|猎头|人力/u],
  ['capital', /investor|\bvc\b|angel|投资|天使/u],
  ['finance', /finance|\bcfo\b|legal|lawyer|counsel|accounting|accountant|bookkeep|\btax\b|财务|法务|律师|会计|税|合规/u],
  ['business', /\bceo\b|business|sales|marketing|marketer|growth|\bbd\b|operations|\bcoo\b|商务|销售|市场|运营|增长|商业/u],
  ['tech', /engineer|developer|programmer|\bcto\b|tech|\bml\b|machine learning|\bai\b|research|scientist|data|工程|技术|开发|程序|算法|研究|科学家|数据/u],
];

export function roleFamily(role: string): string | null {
  const r = role.toLowerCase();
  for (const [family, words] of ROLE_FAMILIES) if (words.test(r)) return family;
  return null;
}

/** 1 for different known families (or when the caller is looking for the other's role), 0 for the same, 0.3 unknown. */
function roleFit(a: MatchCandidate, b: MatchCandidate): number {
  const fa = roleFamily(a.role);
  const fb = roleFamily(b.role);
  if (fb && a.lookingFor.some((l) => roleFamily(l) === fb)) return 1;
  if (!fa || !fb) return 0.3;
  return fa === fb ? 0 : 1;
}

const LANGUAGE_ALIASES: Record<string, string> = {
  chinese: 'zh', mandarin: 'zh', 中文: 'zh', 汉语: 'zh', 普通话: 'zh', 'zh-cn': 'zh', 'zh-tw': 'zh', cantonese: 'yue', 粤语: 'yue',
  english: 'en', 英语: 'en', 英文: 'en', 'en-us': 'en', 'en-gb': 'en',
  japanese: 'ja', 日语: 'ja', 日本語: 'ja', korean: 'ko', 韩语: 'ko', german: 'de', deutsch: 'de', 德语: 'de',
  french: 'fr', français: 'fr', 法语: 'fr', spanish: 'es', español: 'es', 西班牙语: 'es',
};
export const languageCode = (language: string): string => {
  const l = language.trim().toLowerCase();
  return LANGUAGE_ALIASES[l] ?? l;
};

/** Offsets by zone, refreshed hourly: Intl is too slow to ask for every candidate of a large community. */
const offsetCache = new Map<string, { hour: number; offset: number | null }>();
function offsetOf(timezone: string, at: Date): number | null {
  if (!timezone) return null;
  const hour = Math.floor(at.getTime() / 3_600_000);
  const hit = offsetCache.get(timezone);
  if (hit && hit.hour === hour) return hit.offset;
  const offset = utcOffsetHours(timezone, at);
  if (offsetCache.size > 1000) offsetCache.clear();
  offsetCache.set(timezone, { hour, offset });
  return offset;
}

/** The caller's must-haves (profile.preferences); a candidate missing the data a filter needs is left out. */
export function passesFilters(caller: MatchCandidate, other: MatchCandidate, at = new Date()): boolean {
  const prefs = caller.preferences;
  if (prefs.requireSharedLanguage) {
    const mine = new Set(caller.languages.map(languageCode));
    if (!other.languages.some((l) => mine.has(languageCode(l)))) return false;
  }
  if (prefs.minHoursPerWeek !== null && (other.hoursPerWeek === null || other.hoursPerWeek < prefs.minHoursPerWeek)) return false;
  if (prefs.maxTimezoneDiffHours !== null) {
    const a = offsetOf(caller.timezone, at);
    const b = offsetOf(other.timezone, at);
    if (a === null || b === null) return false;
    const diff = Math.abs(a - b) % 24;
    if (Math.min(diff, 24 - diff) > prefs.maxTimezoneDiffHours) return false;
  }
  return true;
}

/** The full score of `other` for `caller`, with reasons that name the matched items. */
export function scorePair(caller: MatchCandidate, other: MatchCandidate): PartnerMatch {
  const theirs = needsMet(caller.needs, other.offers);
  const mine = needsMet(other.needs, caller.offers);
  const recip = reciprocal(theirs?.score ?? null, mine?.score ?? null);
  const interests = caller.about && other.about ? fit(dot(caller.about, other.about)) : 0;
  const roles = roleFit(caller, other);
  const score = WEIGHTS.reciprocal * recip + WEIGHTS.interests * interests + WEIGHTS.roles * roles;

  const reasons: ReasonCode[] = [];
  if (theirs?.best && theirs.best.fit >= REASON_FIT) reasons.push(reason('meets_your_need', { offer: theirs.best.offer, need: theirs.best.need }));
  if (mine?.best && mine.best.fit >= REASON_FIT) reasons.push(reason('needs_your_offer', { need: mine.best.need, offer: mine.best.offer }));
  const mineInterests = new Set(caller.interests.map((i) => i.toLowerCase()));
  const shared = other.interests.filter((i) => mineInterests.has(i.toLowerCase()));
  if (shared.length > 0) reasons.push(reason('shared_interests', { interests: shared.slice(0, 3) }));
  else if (interests >= 0.5 && other.interests.length > 0) reasons.push(reason('close_interests', { interests: other.interests.slice(0, 3) }));
  if (roles === 1 && other.role && caller.role) reasons.push(reason('complementary_roles', { role: other.role, yourRole: caller.role }));
  else if (roles === 1 && other.role) reasons.push(reason('role_you_look_for', { role: other.role }));
  if (reasons.length === 0) reasons.push(reason('community_member', { role: other.role }));
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    userId: other.userId,
    score: round(score),
    reasonCodes: reasons,
    parts: { theyMeetYourNeeds: round(theirs?.score ?? 0), youMeetTheirNeeds: round(mine?.score ?? 0), reciprocal: round(recip), interests: round(interests), roles },
  };
}

/**
 * Reciprocal partner matching over every profile. Small communities get the exact score for everyone;
 * large ones (over COARSE_ABOVE) first rank everyone on a cheap approximation — needs·offers both ways and
 * about·about, on PCA-reduced aggregate vectors — and score the best COARSE_POOL exactly. The reduced vectors
 * (the coarse index) are computed off the event loop by buildCoarseIndex; until it has run, a large
 * community is scored exactly, which is correct but slow.
 */
export class PartnerMatcher {
  private readonly candidates: MatchCandidate[] = [];
  private readonly rows = new Map<string, number>();
  private pca: PrincipalAxes | null = null;
  private fittedAt = 0;
  private coarse: Float32Array = new Float32Array(0);
  private building: Promise<void> | null = null;

  get size(): number {
    return this.candidates.length;
  }

  /** Large enough for the coarse pass, and without a coarse index (or fitted when it was half the size). */
  get needsCoarseIndex(): boolean {
    return this.candidates.length > COARSE_ABOVE && (!this.pca || this.candidates.length >= 2 * this.fittedAt);
  }

  get(userId: string): MatchCandidate | null {
    const row = this.rows.get(userId);
    return row === undefined ? null : this.candidates[row]!;
  }

  upsert(candidate: MatchCandidate): void {
    let row = this.rows.get(candidate.userId);
    if (row === undefined) {
      row = this.candidates.length;
      this.candidates.push(candidate);
      this.rows.set(candidate.userId, row);
    } else this.candidates[row] = candidate;
    if (this.pca) this.projectRow(row);
  }

  remove(userId: string): void {
    const row = this.rows.get(userId);
    if (row === undefined) return;
    const last = this.candidates.length - 1;
    if (row !== last) {
      const moved = this.candidates[last]!;
      this.candidates[row] = moved;
      this.rows.set(moved.userId, row);
      const w = 3 * COARSE_DIMS;
      if (this.pca) this.coarse.copyWithin(row * w, last * w, (last + 1) * w);
    }
    this.candidates.pop();
    this.rows.delete(userId);
  }

  /** The best partners for `callerId`, best first; empty when the caller has no profile to match on. */
  top(callerId: string, limit: number, at = new Date()): PartnerMatch[] {
    const caller = this.get(callerId);
    if (!caller) return [];
    const pool =
      this.pca && this.candidates.length > COARSE_ABOVE
        ? this.coarsePool(caller, at)
        : this.candidates.filter((c) => c.userId !== callerId && passesFilters(caller, c, at));
    return pool
      .map((other) => scorePair(caller, other))
      .sort((a, b) => b.score - a.score || (a.userId < b.userId ? -1 : 1))
      .slice(0, limit);
  }

  /**
   * Fits the reduction on a sample of the candidates and projects all of them, in the vector math thread;
   * the event loop only copies vectors into jobs and the results back. The matcher keeps answering while
   * this runs (on its previous coarse index, or exactly). Candidates that changed meanwhile are projected
   * here once the new reduction is known. Nothing to do (resolves at once) for a small community.
   */
  buildCoarseIndex(math: Pick<VectorMathThread, 'run'>): Promise<void> {
    this.building ??= this.fitAndProject(math).finally(() => (this.building = null));
    return this.building;
  }

  private async fitAndProject(math: Pick<VectorMathThread, 'run'>): Promise<void> {
    if (this.candidates.length <= COARSE_ABOVE) return;
    const sample: Float32Array[] = [];
    const step = Math.max(1, Math.floor(this.candidates.length / 1000));
    for (let i = 0; i < this.candidates.length; i += step) {
      const c = this.candidates[i]!;
      for (const v of [c.offersAll, c.needsAll, c.about]) if (v) sample.push(v);
    }
    const dims = sample[0]?.length ?? 0;
    if (dims === 0) return;
    const flat = new Float32Array(sample.length * dims);
    sample.forEach((v, i) => flat.set(v, i * dims));
    const fittedAt = this.candidates.length;
    const pca = await math.run({ kind: 'fit-axes', rows: flat, dims, k: COARSE_DIMS, iterations: 8, sample: 3000 }, [flat.buffer as ArrayBuffer]);

    // Coordinates land in `staged` at the row each candidate had when its chunk was sent; `sent` remembers
    // who that was. Rows rarely move meanwhile (only a removal moves the last row into the hole), so the
    // staged array becomes the index as it is, and the few rows whose candidate changed are projected here.
    const w = 3 * COARSE_DIMS;
    let staged = new Float32Array(this.candidates.length * w);
    const sent: MatchCandidate[] = [];
    for (let start = 0; start < this.candidates.length; start += PROJECT_CHUNK) {
      const chunk = this.candidates.slice(start, start + PROJECT_CHUNK);
      const rows = new Float32Array(chunk.length * 3 * dims);
      chunk.forEach((c, i) => [c.offersAll, c.needsAll, c.about].forEach((v, part) => v && rows.set(v, (i * 3 + part) * dims)));
      const coords = await math.run({ kind: 'project', axes: pca, rows }, [rows.buffer as ArrayBuffer]);
      if ((start + chunk.length) * w > staged.length) staged = grow(staged, (start + chunk.length) * w);
      staged.set(coords, start * w);
      chunk.forEach((c, i) => {
        sent[start + i] = c;
        // A missing vector is all zeros in the coarse row, not the projection of a zero vector.
        [c.offersAll, c.needsAll, c.about].forEach((v, part) => v || staged.fill(0, (start + i) * w + part * COARSE_DIMS, (start + i) * w + (part + 1) * COARSE_DIMS));
      });
    }

    this.pca = pca;
    this.fittedAt = fittedAt;
    this.coarse = staged;
    for (let row = 0; row < this.candidates.length; row++) if (sent[row] !== this.candidates[row]) this.projectRow(row);
  }

  /** Row layout: [offers | needs | about], each COARSE_DIMS wide, centered and reduced. */
  private projectRow(row: number): void {
    const w = 3 * COARSE_DIMS;
    if ((row + 1) * w > this.coarse.length) this.coarse = grow(this.coarse, Math.max(this.coarse.length * 2, (row + 1) * w));
    const c = this.candidates[row]!;
    [c.offersAll, c.needsAll, c.about].forEach((v, part) => {
      const out = this.coarse.subarray(row * w + part * COARSE_DIMS, row * w + (part + 1) * COARSE_DIMS);
      if (v) project(this.pca!, v, 0, out);
      else out.fill(0);
    });
  }

  private coarsePool(caller: MatchCandidate, at: Date): MatchCandidate[] {
    const pca = this.pca!;
    const w = 3 * COARSE_DIMS;
    // The caller's needs meet their offers, the caller's offers meet their needs, about meets about.
    const query = new Float32Array(w);
    const put = (v: Float32Array | null, part: number, weight: number) => {
      if (!v) return;
      const p = project(pca, v);
      for (let d = 0; d < COARSE_DIMS; d++) query[part * COARSE_DIMS + d] = weight * p[d]!;
    };
    put(caller.needsAll, 0, 1);
    put(caller.offersAll, 1, 1);
    put(caller.about, 2, 0.4);
    const best = new TopK(COARSE_POOL);
    const n = this.candidates.length;
    for (let row = 0; row < n; row++) {
      const score = dotAt(this.coarse, row * w, query, w);
      if (!best.accepts(score)) continue;
      const other = this.candidates[row]!;
      if (other.userId === caller.userId || !passesFilters(caller, other, at)) continue;
      best.push(row, score);
    }
    return best.sorted().map(({ id }) => this.candidates[id]!);
  }
}

function grow(array: Float32Array, length: number): Float32Array<ArrayBuffer> {
  const grown = new Float32Array(length);
  grown.set(array);
  return grown;
}
