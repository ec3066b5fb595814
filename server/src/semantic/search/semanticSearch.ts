import { NotFoundError, UnavailableError } from '../../domain/errors';
import { mayReadDiscussion } from '../../domain/policies';
import type { Store } from '../../store/ports';
import type { DiscussionType, ItemMeta } from '../indexing/contentTexts';
import { requireModel, requireSemantic, type ModelStatus } from '../semanticGate';
import type { Embedder, SemanticIndexer } from '../indexing/semanticIndexer';

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
}

/** How much the lexical thread search adds: enough that a literal name match outranks near paraphrases. */
const LEXICAL_WEIGHT = 0.25;
/** A title that contains the whole query is what the user typed: it should come first. */
const TITLE_BONUS = 0.2;
/** The lexical port takes short queries (the listing's own limit). */
const LEXICAL_QUERY_CHARS = 200;

const normalize = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
const round = (v: number): number => Math.round(v * 1e4) / 1e4;

/** Semantic search over discussions and "related" lists, over the in-memory indexes. */
export class SemanticSearch {
  constructor(
    private readonly store: Store,
    private readonly index: SemanticIndexer,
    private readonly model: ModelStatus & Embedder,
  ) {}

  /** Best matches for `q` among what the viewer may read: cosine, plus the lexical thread score, plus a title bonus. */
  async search(viewerId: string, q: string, types: readonly DiscussionType[], limit: number): Promise<SearchResult[]> {
    await requireModel(this.model);
    const [raw] = await this.model.embed([q], { interactive: true });
    // Centered like the discussions it is compared with (see languageCentering.ts).
    const queryVector = this.index.centerAs('discussion', raw!, q);
    const pool = limit * 3 + 10;
    const candidates = new Map<string, { type: DiscussionType; id: string; semantic: number; lexical: number }>();
    for (const type of types) {
      for (const { key, score } of this.index.space(type)?.topK(queryVector, pool) ?? []) {
        candidates.set(`${type}:${key}`, { type, id: key, semantic: score, lexical: 0 });
      }
    }
    if (types.includes('thread')) {
      const hits = await this.store.threads.search(q.slice(0, LEXICAL_QUERY_CHARS), { limit: 20 });
      const top = Math.max(0, ...hits.map((h) => h.score));
      for (const hit of hits) {
        const key = `thread:${hit.thread.id}`;
        const lexical = top > 0 ? hit.score / top : 0;
        const existing = candidates.get(key);
        if (existing) existing.lexical = lexical;
        else {
          const semantic = this.index.space('thread')?.similarity(queryVector, hit.thread.id) ?? 0;
          candidates.set(key, { type: 'thread', id: hit.thread.id, semantic, lexical });
        }
      }
    }
    const needle = normalize(q);
    const scored: Array<{ meta: ItemMeta; semantic: number; lexical: number; score: number }> = [];
    for (const c of candidates.values()) {
      const meta = await this.index.meta(c.type, c.id);
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

  /** The items closest to a live thread (itself excluded), among what the viewer may read. */
  async related(viewerId: string, threadId: string, types: readonly DiscussionType[], limit: number): Promise<RelatedResult[]> {
    const thread = await this.store.threads.findById(threadId);
    if (!thread || thread.deletedAt !== null) throw new NotFoundError('Thread');
    requireSemantic(this.model);
    let vector = this.index.vector('thread', threadId);
    if (!vector) {
      // Posted a moment ago and not indexed yet: embed it now if the model can.
      if (this.model.state !== 'ready') throw new UnavailableError('This thread is not indexed yet and the embedding model is still loading; try again shortly');
      await this.index.ensureIndexed('thread', threadId);
      vector = this.index.vector('thread', threadId);
      if (!vector) throw new NotFoundError('Thread');
    }
    const merged: Array<{ type: DiscussionType; id: string; score: number }> = [];
    for (const type of types) {
      for (const { key, score } of this.index.space(type)?.topK(vector, limit * 2 + 5, (k) => !(type === 'thread' && k === threadId)) ?? []) {
        merged.push({ type, id: key, score });
      }
    }
    merged.sort((a, b) => b.score - a.score);
    const results: RelatedResult[] = [];
    for (const m of merged) {
      if (results.length >= limit) break;
      const meta = await this.index.meta(m.type, m.id);
      if (!meta || !(await mayReadDiscussion(viewerId, meta, this.store))) continue;
      results.push({ type: m.type, id: m.id, title: meta.title, score: round(m.score) });
    }
    return results;
  }
}
