import { NotFoundError, UnavailableError } from '../../domain/errors';
import { mayReadDiscussion } from '../../domain/policies';
import type { Store } from '../../store/ports';
import type { TextLanguage } from '@cohort/shared';
import type { DiscussionType, ItemMeta } from '../indexing/contentTexts';
import { requireModel, requireSemantic, type ModelStatus } from '../semanticGate';
import type { Embedder, SemanticIndexer } from '../indexing/semanticIndexer';
import { explained, type ReasonCode } from '../explanations/reasons';
import type { ModelProfile } from '../model/modelProfiles';
import { signalKey, type DiscussionSignals, type DiscussionSnapshot } from '../signals/discussionSignals';
import { relatedReasons } from '../signals/relatedReasons';

export interface SearchResult {
  type: DiscussionType;
  id: string;
  title: string;
  snippet: string;
  score: number;
  /** The cosine alone, and the lexical share (0..1 of the best lexical hit), for clients that explain ranking. */
  semantic: number;
  lexical: number;
}

export interface RelatedResult {
  type: DiscussionType;
  id: string;
  title: string;
  score: number;
  /** Why, in the reader's language, and the same in machine form. */
  reasons: string[];
  reasonCodes: ReasonCode[];
}

/** How much the lexical thread search adds: enough that a literal name match outranks near paraphrases. */
const LEXICAL_WEIGHT = 0.25;
/** A title that contains the whole query is what the user typed: it should come first. */
const TITLE_BONUS = 0.2;
/** The lexical port takes short queries (the listing's own limit). */
const LEXICAL_QUERY_CHARS = 200;

const normalize = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
const round = (v: number): number => Math.round(v * 1e4) / 1e4;
const typeOfKey = (key: string): DiscussionType => key.slice(0, key.indexOf(':')) as DiscussionType;
const idOfKey = (key: string): string => key.slice(key.indexOf(':') + 1);

/**
 * Semantic search over discussions and "related" lists, over the discussions' signals (see
 * discussionSignals.ts): items are compared by their enriched vectors (text, audience, tags).
 */
export class SemanticSearch {
  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly signals: DiscussionSignals,
    private readonly model: ModelStatus & Embedder,
    private readonly profile: ModelProfile,
  ) {}

  /**
   * Best matches for `q` among what the viewer may read. The query is first compared with the discussions'
   * text vectors; the best few widen it (pseudo-relevance feedback: a two-word query says little, the threads
   * it finds first say more) and the widened query is compared with the enriched vectors; then the lexical
   * thread score and a title bonus are added.
   */
  async search(viewerId: string, q: string, types: readonly DiscussionType[], limit: number): Promise<SearchResult[]> {
    await requireModel(this.model);
    const [raw] = await this.model.embed([q], { interactive: true, role: 'query' });
    // Centered like the discussions it is compared with (see languageCentering.ts).
    const queryVector = this.index.centerAs('discussion', raw!, q);
    const snapshot = await this.signals.snapshot();
    const wanted = new Set(types);
    const accept = (key: string) => wanted.has(typeOfKey(key));
    const widened = this.widen(queryVector, snapshot, accept);
    const pool = limit * 3 + 10;
    const candidates = new Map<string, { type: DiscussionType; id: string; semantic: number; lexical: number }>();
    for (const { key, score } of snapshot.enriched.topK(widened, pool, accept)) {
      candidates.set(key, { type: typeOfKey(key), id: idOfKey(key), semantic: score, lexical: 0 });
    }
    if (types.includes('thread')) {
      const hits = await this.store.threads.search(q.slice(0, LEXICAL_QUERY_CHARS), { limit: 20 });
      const top = Math.max(0, ...hits.map((h) => h.score));
      for (const hit of hits) {
        const key = signalKey('thread', hit.thread.id);
        const lexical = top > 0 ? hit.score / top : 0;
        const existing = candidates.get(key);
        if (existing) existing.lexical = lexical;
        else candidates.set(key, { type: 'thread', id: hit.thread.id, semantic: snapshot.enriched.similarity(widened, key) ?? 0, lexical });
      }
    }
    const needle = normalize(q);
    const scored: Array<{ meta: ItemMeta; semantic: number; lexical: number; score: number }> = [];
    for (const c of candidates.values()) {
      const meta = snapshot.item(c.type, c.id)?.meta ?? (await this.index.meta(c.type, c.id));
      if (!meta) continue;
      const bonus = needle.length > 0 && normalize(meta.title).includes(needle) ? TITLE_BONUS : 0;
      scored.push({ meta, semantic: c.semantic, lexical: c.lexical, score: c.semantic + LEXICAL_WEIGHT * c.lexical + bonus });
    }
    scored.sort((a, b) => b.score - a.score);
    const results: SearchResult[] = [];
    for (const s of scored) {
      if (results.length >= limit) break;
      if (!(await mayReadDiscussion(viewerId, s.meta, this.store))) continue;
      results.push({ type: s.meta.type, id: s.meta.id, title: s.meta.title, snippet: s.meta.snippet, score: round(s.score), semantic: round(s.semantic), lexical: round(s.lexical) });
    }
    return results;
  }

  /** The query plus the mean enriched vector of its best text matches, weighted by the profile. */
  private widen(query: Float32Array, snapshot: DiscussionSnapshot, accept: (key: string) => boolean): Float32Array {
    const { feedbackItems, feedbackWeight } = this.profile.search;
    const top = feedbackItems > 0 ? snapshot.text.topK(query, feedbackItems, accept) : [];
    if (top.length === 0) return query;
    const out = Float32Array.from(query);
    for (const { key } of top) {
      const row = snapshot.enriched.get(key)!;
      for (let d = 0; d < out.length; d++) out[d]! += (feedbackWeight / top.length) * row[d]!;
    }
    let norm = 0;
    for (let d = 0; d < out.length; d++) norm += out[d]! * out[d]!;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < out.length; d++) out[d]! *= inv;
    return out;
  }

  /**
   * The items closest to a live thread (itself excluded) by their enriched vectors, among what the viewer may
   * read, none below the profile's relevance floor; each with its reasons in `lang`.
   */
  async related(viewerId: string, threadId: string, types: readonly DiscussionType[], limit: number, lang: TextLanguage = 'en'): Promise<RelatedResult[]> {
    const thread = await this.store.threads.findById(threadId);
    if (!thread || thread.deletedAt !== null) throw new NotFoundError('Thread');
    requireSemantic(this.model);
    let snapshot = await this.signals.snapshot();
    if (!snapshot.item('thread', threadId)) {
      // Posted a moment ago and not indexed yet: embed it now if the model can.
      if (this.model.state !== 'ready' && !this.index.discussionVector('thread', threadId, 0)) {
        throw new UnavailableError('This thread is not indexed yet and the embedding model is still loading; try again shortly');
      }
      if (!(await this.index.ensureIndexed('thread', threadId))) throw new NotFoundError('Thread');
      snapshot = await this.signals.snapshot({ fresh: true });
    }
    const item = snapshot.item('thread', threadId);
    const key = signalKey('thread', threadId);
    const query = snapshot.enriched.get(key);
    const text = snapshot.text.get(key);
    if (!item || !query || !text) throw new NotFoundError('Thread');
    const wanted = new Set(types);
    const results: RelatedResult[] = [];
    for (const { key: other, score } of snapshot.enriched.topK(query, limit * 2 + 5, (k) => k !== key && wanted.has(typeOfKey(k)))) {
      if (results.length >= limit || score < this.profile.relatedFloor) break;
      const found = snapshot.item(typeOfKey(other), idOfKey(other));
      if (!found || !(await mayReadDiscussion(viewerId, found.meta, this.store))) continue;
      const codes = relatedReasons(item, found, snapshot.text.similarity(text, other) ?? 0, this.profile.relatedFloor);
      results.push({ type: found.type, id: found.id, title: found.meta.title, score: round(score), ...explained(codes, lang) });
    }
    return results;
  }
}
