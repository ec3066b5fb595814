import type { Logger } from '../../logger';
import type { Store } from '../../store/ports';
import { DISCUSSION_TYPES, type DiscussionType, type ItemMeta } from '../indexing/contentTexts';
import type { SemanticIndexer } from '../indexing/semanticIndexer';
import type { ModelProfile } from '../model/modelProfiles';
import { VectorIndex } from '../vectors/vectorIndex';
import type { VectorMathThread } from '../vectors/vectorMathThread';
import { EngagementReader } from './engagementReader';

/** One discussion as the signals see it. */
export interface SignalItem {
  type: DiscussionType;
  id: string;
  meta: ItemMeta;
  /** Everyone who took part: the item's own participants and (threads) the members who voted. */
  participants: readonly string[];
}

/**
 * Every indexed discussion at one moment, with two vectors each: `text` (what it says: whole text and
 * heading, centered) and `enriched` (that plus its audience and tags, see discussionEnrichment.ts). Keys in
 * both indexes are `<type>:<id>`.
 */
export interface DiscussionSnapshot {
  items: readonly SignalItem[];
  text: VectorIndex;
  enriched: VectorIndex;
  item(type: DiscussionType, id: string): SignalItem | null;
}

export const signalKey = (type: DiscussionType, id: string): string => `${type}:${id}`;

/** Votes are read again at most this often (they raise no event; see EngagementReader)... */
const ENGAGEMENT_TTL_MS = 60_000;
/** ...or this often while content changes: a snapshot for new content reads the votes that came with it. */
const ENGAGEMENT_ON_CHANGE_MS = 3_000;

/**
 * Keeps a DiscussionSnapshot in step with the index. A snapshot is rebuilt (the enrichment runs in the vector
 * math thread) when discussion vectors changed or votes were last read more than a minute ago; requests get
 * the current snapshot at once and start a rebuild in the background when it is stale, except the first
 * request, and topic clustering, which wait for a fresh one.
 */
export class DiscussionSignals {
  private current: { snapshot: DiscussionSnapshot; version: string; engagementAt: number } | null = null;
  private building: Promise<DiscussionSnapshot> | null = null;
  private readonly engagement: EngagementReader;
  private readonly log: Logger;

  constructor(
    store: Store,
    private readonly index: SemanticIndexer,
    private readonly math: Pick<VectorMathThread, 'run'>,
    private readonly profile: ModelProfile,
    logger: Logger,
  ) {
    this.engagement = new EngagementReader(store, () => index.profileRecords().keys(), ENGAGEMENT_TTL_MS);
    this.log = logger.child({ module: 'discussion-signals' });
  }

  /**
   * The current snapshot. `fresh` waits for a rebuild when anything changed since it was built; otherwise a
   * stale snapshot is answered and a rebuild started (only the very first call waits).
   */
  async snapshot(options: { fresh?: boolean } = {}): Promise<DiscussionSnapshot> {
    const stale = !this.current || this.current.version !== this.index.discussionVersion() || this.engagement.stale;
    if (!stale) return this.current!.snapshot;
    const rebuild = this.rebuild();
    if (options.fresh || !this.current) return rebuild;
    rebuild.catch((err: unknown) => this.log.warn({ err }, 'rebuilding the discussion signals failed'));
    return this.current.snapshot;
  }

  private rebuild(): Promise<DiscussionSnapshot> {
    this.building ??= this.build().finally(() => (this.building = null));
    return this.building;
  }

  private async build(): Promise<DiscussionSnapshot> {
    const version = this.index.discussionVersion();
    const contentChanged = this.current?.version !== version;
    const voters = await this.engagement.byThread(contentChanged ? ENGAGEMENT_ON_CHANGE_MS : ENGAGEMENT_TTL_MS);
    const engagementAt = this.engagement.readAt;
    const items: SignalItem[] = [];
    const rows: Float32Array[] = [];
    const { headingWeight, audience, tags, agreement, fullAudience } = this.profile.discussions;
    for (const type of DISCUSSION_TYPES) {
      for (const id of this.index.space(type)?.allKeys() ?? []) {
        const meta = await this.index.meta(type, id);
        const vector = this.index.discussionVector(type, id, headingWeight);
        if (!meta || !vector) continue;
        const extra = type === 'thread' ? (voters.get(id) ?? []) : [];
        items.push({ type, id, meta, participants: extra.length ? [...new Set([...meta.participants, ...extra])] : meta.participants });
        rows.push(vector);
      }
    }
    const dims = rows[0]?.length ?? 0;
    const text = new VectorIndex(Math.max(1, dims), items.length);
    const enriched = new VectorIndex(Math.max(1, dims), items.length);
    if (items.length > 0) {
      const flat = new Float32Array(items.length * dims);
      rows.forEach((row, i) => flat.set(row, i * dims));
      const out = await this.math.run({
        kind: 'enrich',
        input: {
          dims,
          text: flat,
          tags: items.map((i) => i.meta.tags),
          participants: items.map((i) => [...i.participants]),
          contributes: items.map((i) => i.meta.isPublic),
          weights: { audience, tags, agreement, fullAudience },
        },
      });
      items.forEach((item, i) => {
        const key = signalKey(item.type, item.id);
        text.set(key, rows[i]!);
        enriched.set(key, out.subarray(i * dims, (i + 1) * dims));
      });
    }
    const byKey = new Map(items.map((item) => [signalKey(item.type, item.id), item]));
    const snapshot: DiscussionSnapshot = { items, text, enriched, item: (type, id) => byKey.get(signalKey(type, id)) ?? null };
    this.current = { snapshot, version, engagementAt };
    return snapshot;
  }
}
