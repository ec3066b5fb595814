import type { TextLanguage } from '@cohort/shared';
import { mayReadDiscussion } from '../../domain/policies';
import type { Store } from '../../store/ports';
import type { DiscussionType } from '../indexing/contentTexts';
import { requireSemantic, type ModelStatus } from '../semanticGate';
import type { SemanticIndexer } from '../indexing/semanticIndexer';
import { reason, reasonText, type ReasonCode } from '../explanations/reasons';
import type { ModelProfile } from '../model/modelProfiles';
import { signalKey, type DiscussionSignals, type DiscussionSnapshot } from '../signals/discussionSignals';
import type { VectorIndex } from '../vectors/vectorIndex';

export interface Recommendation {
  type: DiscussionType;
  id: string;
  title: string;
  score: number;
  /** The signal the item matched best, in the reader's language, and in machine form. */
  reason: string;
  reasonCode: ReasonCode;
}

/** One thing we know the user cares about: a vector, the index it is compared with, how much it counts, how to say it. */
interface Signal {
  vector: Float32Array;
  /** `text` for what the profile says (plain text), `enriched` for discussions the user took part in. */
  against: 'text' | 'enriched';
  weight: number;
  reason: ReasonCode;
}

/** Bounds the scans per request: the newest activity says most about what someone wants now. */
const MAX_THREAD_SIGNALS = 20;
const MAX_ROOM_SIGNALS = 10;
/**
 * What co-engagement adds at most: items where the people the user takes part with also took part, in
 * proportion to how many of them (and how often they shared a discussion with the user). On the dev half of
 * the evaluation community more kept helping (recommendation P@5 0.29 at 0, 0.39 at 0.5, 0.43 at 1), but
 * there engagement follows topics by construction (a simulation), so it is not trusted to the full.
 */
const PEER_WEIGHT = 0.5;
const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Discussions for a user from several signals: their profile (interests, each need) compared with what
 * discussions say; the discussions they wrote, replied to, voted on or joined (compared by enriched vectors:
 * text, audience, tags); and the people they take part with, wherever those also took part. Each candidate
 * keeps its strongest signal, which becomes its reason; co-engagement adds to the score. Their own content
 * and what they already took part in are left out, and nothing under the profile's relevance floor is shown.
 */
export class Recommender {
  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly signals: DiscussionSignals,
    private readonly model: ModelStatus,
    private readonly profile: ModelProfile,
  ) {}

  async recommend(userId: string, limit: number, lang: TextLanguage = 'en'): Promise<Recommendation[]> {
    requireSemantic(this.model);
    const [participated, memberships, profile, snapshot] = await Promise.all([
      this.store.threads.listParticipatedThreadIds(userId),
      this.store.rooms.listMemberships(userId),
      this.store.profiles.get(userId),
      this.signals.snapshot(),
    ]);
    const excluded = new Set<string>([...participated.map((id) => signalKey('thread', id)), ...memberships.map((m) => signalKey('room', m.roomId))]);
    const signals: Signal[] = [];
    // Profile vectors live in their own spaces: center them as discussions to compare with discussions.
    const asDiscussion = (space: 'profile:about' | 'profile:need', key: string): Float32Array | null => {
      const field = this.index.rawField(space, key);
      return field ? this.index.centerAs('discussion', field.vector, field.zh) : null;
    };
    const about = asDiscussion('profile:about', userId);
    if (about && profile) {
      const interests = profile.interests.slice(0, 3);
      signals.push({ vector: about, against: 'text', weight: 1, reason: interests.length ? reason('close_to_interests', { interests }) : reason('close_to_profile') });
    }
    profile?.needs.forEach((need, i) => {
      const vector = asDiscussion('profile:need', `${userId}#${i}`);
      if (vector) signals.push({ vector, against: 'text', weight: 1, reason: reason('helps_with_need', { need }) });
    });
    // Ids are time-ordered: the newest activity first.
    const recent = [...participated].sort().reverse().slice(0, MAX_THREAD_SIGNALS);
    for (const threadId of recent) {
      const item = snapshot.item('thread', threadId);
      const vector = snapshot.enriched.get(signalKey('thread', threadId));
      if (item && vector) signals.push({ vector, against: 'enriched', weight: 0.9, reason: reason('related_to_thread', { title: item.meta.title }) });
    }
    for (const m of [...memberships].sort((a, b) => (a.joinedAt < b.joinedAt ? 1 : -1)).slice(0, MAX_ROOM_SIGNALS)) {
      const item = snapshot.item('room', m.roomId);
      const vector = snapshot.enriched.get(signalKey('room', m.roomId));
      if (item && vector) signals.push({ vector, against: 'enriched', weight: 0.9, reason: reason('related_to_room', { title: item.meta.title }) });
    }
    const peers = peerScores(snapshot, userId, participated, excluded);
    if (signals.length === 0 && peers.size === 0) return [];

    const best = new Map<string, { score: number; reason: ReasonCode }>();
    const pool = limit * 3 + 10;
    const indexOf = (against: Signal['against']): VectorIndex => (against === 'text' ? snapshot.text : snapshot.enriched);
    for (const signal of signals) {
      for (const { key, score } of indexOf(signal.against).topK(signal.vector, pool, (k) => !excluded.has(k))) {
        const weighted = score * signal.weight;
        const current = best.get(key);
        if (!current || weighted > current.score) best.set(key, { score: weighted, reason: signal.reason });
      }
    }
    const ranked = [...new Set([...best.keys(), ...peers.keys()])]
      .map((key) => {
        const signal = best.get(key);
        const peer = peers.get(key);
        const score = (signal?.score ?? 0) + PEER_WEIGHT * (peer?.share ?? 0);
        // The strongest reason: the signal, unless the peers say more than it does.
        const why = signal && signal.score >= PEER_WEIGHT * (peer?.share ?? 0) ? signal.reason : reason('engaged_by_peers', { count: peer?.people ?? 0 });
        return { key, score, why };
      })
      .sort((a, b) => b.score - a.score);
    const results: Recommendation[] = [];
    for (const r of ranked) {
      if (results.length >= limit || r.score < this.profile.relatedFloor) break;
      const item = snapshot.item(...(splitKey(r.key) as [DiscussionType, string]));
      if (!item || item.meta.ownerId === userId || !(await mayReadDiscussion(userId, item.meta, this.store))) continue;
      // A notebook the user is a member of is theirs already.
      if (item.type === 'notebook' && (await this.store.notebooks.getMember(item.id, userId))) continue;
      results.push({ type: item.type, id: item.id, title: item.meta.title, score: round(r.score), reason: reasonText(r.why, lang), reasonCode: r.why });
    }
    return results;
  }
}

const splitKey = (key: string): [string, string] => [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];

/**
 * Co-engagement: the people who took part in the user's threads, each weighted by how many of them they
 * shared; every other item scores the weights of its participants, as a share of the best item's score.
 */
function peerScores(snapshot: DiscussionSnapshot, userId: string, participated: readonly string[], excluded: ReadonlySet<string>): Map<string, { share: number; people: number }> {
  const peers = new Map<string, number>();
  for (const threadId of participated) {
    for (const p of snapshot.item('thread', threadId)?.participants ?? []) if (p !== userId) peers.set(p, (peers.get(p) ?? 0) + 1);
  }
  const raw = new Map<string, { score: number; people: number }>();
  if (peers.size === 0) return new Map();
  for (const item of snapshot.items) {
    const key = signalKey(item.type, item.id);
    if (excluded.has(key)) continue;
    let score = 0;
    let people = 0;
    for (const p of item.participants) {
      const w = peers.get(p);
      if (w) {
        score += w;
        people++;
      }
    }
    if (score > 0) raw.set(key, { score, people });
  }
  const top = Math.max(...[...raw.values()].map((r) => r.score));
  return new Map([...raw].map(([key, r]) => [key, { share: r.score / top, people: r.people }]));
}
