import { PartnerMatcher, type MatchCandidate } from '../../server/src/semantic/matching/partnerMatcher';
import { VectorMathThread } from '../../server/src/semantic/vectors/vectorMathThread';

/**
 * The matcher's coarse index for large communities (over 3,000 profiles), built in the real vector math
 * worker thread (server/dist, which `npm test` builds first). Synthetic vectors: each offer, need and bio is
 * one of 200 topic centroids plus noise, so there are real neighbourhoods to find. As in real sentence
 * embeddings, the centroids vary along a few dozen directions (64 here), not all 512 evenly: the coarse
 * pass keeps 48 principal directions. (With centroids spread evenly over all 512, recall of the exact top 10
 * falls to about 0.78; real embeddings are far from that.)
 */

const DIMS = 512;
const COUNT = 4000;
let seed = 7;
const rand = (): number => {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 4294967296;
};
const gauss = (): number => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
function normalize(v: Float32Array): Float32Array {
  let sum = 0;
  for (let d = 0; d < v.length; d++) sum += v[d]! * v[d]!;
  const n = Math.sqrt(sum);
  for (let d = 0; d < v.length; d++) v[d] = v[d]! / n;
  return v;
}
const basis = Array.from({ length: 64 }, () => normalize(Float32Array.from({ length: DIMS }, gauss)));
const centroids = Array.from({ length: 200 }, () => {
  const v = new Float32Array(DIMS);
  for (const direction of basis) {
    const weight = gauss();
    for (let d = 0; d < DIMS; d++) v[d] = v[d]! + weight * direction[d]!;
  }
  return normalize(v);
});
function near(topic: number): Float32Array {
  const centroid = centroids[topic]!;
  const v = new Float32Array(DIMS);
  for (let d = 0; d < DIMS; d++) v[d] = centroid[d]! + 0.06 * gauss();
  return normalize(v);
}

function candidate(i: number, topics?: { offer: number; need: number; about: number }): MatchCandidate {
  const t = topics ?? { offer: Math.floor(rand() * 200), need: Math.floor(rand() * 200), about: Math.floor(rand() * 200) };
  const offer = near(t.offer);
  const need = near(t.need);
  return {
    userId: `u${String(i).padStart(5, '0')}`,
    role: ['CTO', 'CEO', 'designer'][i % 3]!,
    interests: [],
    lookingFor: [],
    languages: ['en'],
    timezone: 'UTC',
    hoursPerWeek: 10,
    preferences: { requireSharedLanguage: false, minHoursPerWeek: null, maxTimezoneDiffHours: null },
    offers: [{ text: `offer ${i}`, vector: offer }],
    needs: [{ text: `need ${i}`, vector: need }],
    about: near(t.about),
    offersAll: offer,
    needsAll: need,
  };
}

const math = new VectorMathThread();
afterAll(() => math.close());

const ids = (matches: Array<{ userId: string }>): string[] => matches.map((m) => m.userId);
const community = Array.from({ length: COUNT }, (_, i) => candidate(i));
function matcherOfCommunity(): PartnerMatcher {
  const matcher = new PartnerMatcher();
  for (const c of community) matcher.upsert(c);
  return matcher;
}

describe('PartnerMatcher coarse index', () => {
  const matcher = matcherOfCommunity();
  const callers = [3, 500, 1234, 2999, 3998].map((i) => `u${String(i).padStart(5, '0')}`);
  let exact: string[][];

  it('scores a large community exactly until the coarse index is built, then finds the same partners', async () => {
    expect(matcher.needsCoarseIndex).toBe(true);
    exact = callers.map((id) => ids(matcher.top(id, 10)));
    expect(exact.every((list) => list.length === 10)).toBe(true);

    await matcher.buildCoarseIndex(math);
    expect(matcher.needsCoarseIndex).toBe(false);
    // The coarse pass only picks who gets the exact score, so what it finds is scored the same: recall of
    // the exact top 10 is what the approximation can lose.
    let found = 0;
    callers.forEach((id, k) => {
      const coarse = ids(matcher.top(id, 10));
      found += coarse.filter((u) => exact[k]!.includes(u)).length;
    });
    expect(found / (callers.length * 10)).toBeGreaterThanOrEqual(0.9);
  });

  it('uses the new reduction for profiles that changed while it was being built', async () => {
    const fresh = matcherOfCommunity();
    const caller = candidate(90_000, { offer: 11, need: 22, about: 33 });
    fresh.upsert(caller);
    const building = fresh.buildCoarseIndex(math);
    // While the thread works: a perfect complement of the caller appears, an existing profile is turned
    // into one, and a third complement is added then removed.
    const added = candidate(90_001, { offer: 22, need: 11, about: 33 });
    const changed = { ...candidate(1500, { offer: 22, need: 11, about: 33 }), userId: 'u01500' };
    const removed = candidate(90_002, { offer: 22, need: 11, about: 33 });
    fresh.upsert(added);
    fresh.upsert(changed);
    fresh.upsert(removed);
    fresh.remove(removed.userId);
    await building;
    expect(fresh.needsCoarseIndex).toBe(false);
    const top = ids(fresh.top(caller.userId, 5));
    expect(top.slice(0, 2).sort()).toEqual(['u01500', 'u90001']);
    expect(top).not.toContain('u90002');
  });

  it('keeps answering exactly when the math thread cannot build it', async () => {
    const closed = new VectorMathThread();
    await closed.close();
    const unbuilt = matcherOfCommunity();
    await expect(unbuilt.buildCoarseIndex(closed)).rejects.toThrow(/closed/);
    expect(unbuilt.needsCoarseIndex).toBe(true);
    expect(unbuilt.top('u00003', 10)).toHaveLength(10);
  });
});
