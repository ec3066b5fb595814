import { mayReadDiscussion } from '../../domain/policies';
import type { Store } from '../../store/ports';
import { DISCUSSION_TYPES, type DiscussionType } from '../indexing/contentTexts';
import { requireSemantic, type ModelStatus } from '../semanticGate';
import type { SemanticIndexer } from '../indexing/semanticIndexer';

export interface Recommendation {
  type: DiscussionType;
  id: string;
  title: string;
  score: number;
  reason: string;
}

/** One thing we know the user cares about, with how much it counts and how to say it. */
interface Signal {
  vector: Float32Array;
  weight: number;
  reason: (title: string) => string;
}

/** Bounds the scans per request: the newest activity says most about what someone wants now. */
const MAX_THREAD_SIGNALS = 20;
const MAX_ROOM_SIGNALS = 10;
const quote = (s: string): string => `"${s.length > 60 ? `${s.slice(0, 59)}…` : s}"`;
const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/**
 * Discussions for a user from their profile (interests, each need) and recent activity (threads they
 * wrote, replied to or voted on; rooms they joined). Each candidate keeps its strongest signal, which
 * becomes its one-line reason. Their own content and what they already took part in are left out.
 */
export class Recommender {
  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly model: ModelStatus,
  ) {}

  async recommend(userId: string, limit: number): Promise<Recommendation[]> {
    requireSemantic(this.model);
    const [participated, memberships, profile] = await Promise.all([
      this.store.threads.listParticipatedThreadIds(userId),
      this.store.rooms.listMemberships(userId),
      this.store.profiles.get(userId),
    ]);
    const excluded = new Set<string>([...participated.map((id) => `thread:${id}`), ...memberships.map((m) => `room:${m.roomId}`)]);
    const signals: Signal[] = [];
    // Profile vectors live in their own spaces: center them as discussions to compare with discussions.
    const asDiscussion = (space: 'profile:about' | 'profile:need', key: string): Float32Array | null => {
      const field = this.index.rawField(space, key);
      return field ? this.index.centerAs('discussion', field.vector, field.zh) : null;
    };
    const about = asDiscussion('profile:about', userId);
    if (about && profile) {
      const interests = profile.interests.slice(0, 3);
      signals.push({ vector: about, weight: 1, reason: () => (interests.length ? `Close to your interests: ${interests.join(', ')}` : 'Close to what your profile says about you') });
    }
    profile?.needs.forEach((need, i) => {
      const vector = asDiscussion('profile:need', `${userId}#${i}`);
      if (vector) signals.push({ vector, weight: 1, reason: () => `Could help with your need ${quote(need)}` });
    });
    // Ids are time-ordered: the newest activity first.
    for (const threadId of [...participated].sort().reverse().slice(0, MAX_THREAD_SIGNALS)) {
      const vector = this.index.vector('thread', threadId);
      const meta = vector ? await this.index.meta('thread', threadId) : null;
      if (vector && meta) signals.push({ vector, weight: 0.9, reason: () => `Related to ${quote(meta.title)}, a thread you took part in` });
    }
    for (const m of [...memberships].sort((a, b) => (a.joinedAt < b.joinedAt ? 1 : -1)).slice(0, MAX_ROOM_SIGNALS)) {
      const vector = this.index.vector('room', m.roomId);
      const meta = vector ? await this.index.meta('room', m.roomId) : null;
      if (vector && meta) signals.push({ vector, weight: 0.9, reason: () => `Related to the room ${quote(meta.title)} you joined` });
    }
    if (signals.length === 0) return [];

    const best = new Map<string, { type: DiscussionType; id: string; score: number; signal: Signal }>();
    const pool = limit * 3 + 10;
    for (const type of DISCUSSION_TYPES) {
      const space = this.index.space(type);
      if (!space) continue;
      for (const signal of signals) {
        for (const { key, score } of space.topK(signal.vector, pool, (k) => !excluded.has(`${type}:${k}`))) {
          const weighted = score * signal.weight;
          const id = `${type}:${key}`;
          const current = best.get(id);
          if (!current || weighted > current.score) best.set(id, { type, id: key, score: weighted, signal });
        }
      }
    }
    const ranked = [...best.values()].sort((a, b) => b.score - a.score);
    const results: Recommendation[] = [];
    for (const r of ranked) {
      if (results.length >= limit) break;
      const meta = await this.index.meta(r.type, r.id);
      if (!meta || meta.ownerId === userId || !(await mayReadDiscussion(userId, meta, this.store))) continue;
      // A notebook the user is a member of is theirs already.
      if (r.type === 'notebook' && (await this.store.notebooks.getMember(r.id, userId))) continue;
      results.push({ type: r.type, id: r.id, title: meta.title, score: round(r.score), reason: r.signal.reason(meta.title) });
    }
    return results;
  }
}
