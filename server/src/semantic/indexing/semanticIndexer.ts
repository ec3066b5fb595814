import type { ContentChanged, ContentEvents } from '../../domain/contentEvents';
import { EventBus } from '../../domain/eventBus';
import type { Logger } from '../../logger';
import type { EmbeddedType, ProfileRecord, Store } from '../../store/ports';
import { EmbeddingQueueFullError, EmbeddingUnavailableError } from '../embedding/embeddingErrors';
import type { EmbedOptions } from '../embedding/embeddingService';
import type { VectorIndex } from '../vectors/vectorIndex';
import { ContentTexts, DISCUSSION_TYPES, type DiscussionType, type ItemMeta } from './contentTexts';
import { discussionFields, fieldKey, hashOf, itemKey, profileFields, shareOfHash, targetOf, type FieldText } from './indexFields';
import { IndexQueue, type QueuedItem } from './indexQueue';
import { VectorSpaces, type SpaceGroup, type SpaceName } from './vectorSpaces';
import { centeringOf } from '../model/builtInCentering';
import { modelProfile } from '../model/modelProfiles';

/** The part of EmbeddingService the indexer uses (so benches and tests can hand in the real one or a stand-in). */
export interface Embedder {
  readonly modelId: string;
  readonly state: 'loading' | 'ready' | 'unavailable';
  start(): Promise<void>;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

export interface IndexChange {
  type: EmbeddedType;
  id: string;
  removed: boolean;
}

export interface IndexerOptions {
  /** Quiet time per item before it is re-embedded; bursts of edits or chat messages coalesce. */
  delayMs?: Partial<Record<EmbeddedType, number>>;
  /** Items embedded per model call round. */
  chunkItems?: number;
}

const DEFAULT_DELAY: Record<EmbeddedType, number> = { thread: 1500, room: 5000, notebook: 5000, profile: 1000 };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** What one item reads as now: its fields to embed (null when it is gone) and what is kept beside them. */
interface ItemPlan {
  type: EmbeddedType;
  id: string;
  fields: FieldText[] | null;
  meta: ItemMeta | null;
  profile: ProfileRecord | null;
}

/**
 * Keeps the vectors of every thread, room, notebook and profile current:
 * - at start, loads what the store holds for the current model into the in-memory indexes (no model needed);
 * - once the model is ready, backfills anything missing, changed, or embedded by another model;
 * - afterwards follows `content.changed`, debounced per item (see IndexQueue).
 * A content hash per field skips unchanged text. Work runs in the background in chunks, never inside a
 * request, and a full model queue (503) is waited out rather than dropped.
 */
export class SemanticIndexer {
  /** The vectors as the model made them (and the store holds them), and their centered views. */
  private readonly spaces: VectorSpaces;
  /** field key -> content hash of what the current model embedded. */
  private readonly hashes = new Map<string, string>();
  /** item key -> the fields stored for it (so shrinking lists of offers/needs drop stale items). */
  private readonly fields = new Map<string, Set<string>>();
  private readonly metas = new Map<string, ItemMeta>();
  private readonly profiles = new Map<string, ProfileRecord>();
  private readonly queue: IndexQueue;
  private readonly changes = new EventBus<IndexChange>();
  private readonly texts: ContentTexts;
  private readonly log: Logger;
  private unsubscribe: (() => void) | null = null;
  private loadedPromise: Promise<void> | null = null;
  private backfilled = false;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly embedder: Embedder,
    private readonly events: ContentEvents,
    logger: Logger,
    options: IndexerOptions = {},
  ) {
    this.spaces = new VectorSpaces(centeringOf(modelProfile(embedder.modelId)));
    this.texts = new ContentTexts(store);
    this.log = logger.child({ module: 'semantic-index' });
    this.queue = new IndexQueue(store, {
      delays: { ...DEFAULT_DELAY, ...options.delayMs },
      chunkItems: Math.max(1, options.chunkItems ?? 8),
      canRun: () => this.embedder.state === 'ready',
      run: (chunk) => this.indexMany(chunk),
    });
  }

  get model(): string {
    return this.embedder.modelId;
  }

  /** Items waiting to be (re-)embedded, debounced or queued; 0 once the index has caught up. */
  get pending(): number {
    return this.queue.pending + (this.backfilled || this.embedder.state === 'unavailable' ? 0 : 1);
  }

  /** True once the start-up backfill has been queued and worked off. */
  get caughtUp(): boolean {
    return this.backfilled && this.pending === 0;
  }

  /** Loads stored vectors, subscribes to content events and starts the backfill once the model is ready. */
  start(): Promise<void> {
    if (this.loadedPromise) return this.loadedPromise;
    this.unsubscribe = this.events.on((event) => this.onContent(event));
    // Without a model (EMBEDDINGS=off) every semantic answer is 503: nothing to load.
    this.loadedPromise = this.embedder.state === 'unavailable' ? Promise.resolve() : this.loadStored();
    void this.loadedPromise
      .then(() => this.embedder.start())
      .then(() => (this.embedder.state === 'ready' && !this.stopped ? this.backfill() : undefined))
      .catch((err: unknown) => this.log.error({ err }, 'start-up failed'));
    return this.loadedPromise;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    await this.queue.stop();
  }

  /** Called with every change the index takes in (for clusters and matching to refresh). */
  onChange(listener: (change: IndexChange) => void): () => void {
    return this.changes.on((change) => {
      try {
        listener(change);
      } catch (err) {
        this.log.warn({ err }, 'an index change listener failed');
      }
    });
  }

  /** The language-centered vectors of a space (see languageCentering.ts): what every comparison uses. */
  space(name: SpaceName): VectorIndex | null {
    return this.spaces.space(name);
  }

  /** The centered vector of an item's field. */
  vector(space: SpaceName, key: string): Float32Array | null {
    return this.spaces.vector(space, key);
  }

  /**
   * The text vector a discussion is compared by: its whole text and its heading (title, tags), centered and
   * mixed (see VectorSpaces.discussionVector); null when it is not indexed.
   */
  discussionVector(type: DiscussionType, id: string, headingWeight: number): Float32Array | null {
    return this.spaces.discussionVector(type, id, headingWeight);
  }

  /** Changes whenever a discussion's vectors change. */
  discussionVersion(): string {
    return this.spaces.discussionVersion();
  }

  /** A vector from elsewhere (a query, a profile field) centered as the vectors of `group` are, to compare with them. */
  centerAs(group: SpaceGroup, raw: Float32Array, text: string | number): Float32Array {
    return this.spaces.centerAs(group, raw, text);
  }

  /** The raw vector and Chinese share of a field, to center it for another group. */
  rawField(space: SpaceName, key: string): { vector: Float32Array; zh: number } | null {
    return this.spaces.rawField(space, key);
  }

  /** The card of a discussion: cached, else read from the store (null when gone). */
  async meta(type: DiscussionType, id: string): Promise<ItemMeta | null> {
    const cached = this.metas.get(itemKey(type, id));
    if (cached) return cached;
    const meta = await this.texts.discussion(type, id);
    if (meta) this.metas.set(itemKey(type, id), meta);
    return meta;
  }

  /**
   * Changes whenever a profile vector changes, and with it the language means profile vectors are centered
   * by (see languageCentering.ts): vectors taken out of vector() before a change are centered by old means.
   */
  profileVersion(): string {
    return this.spaces.profileVersion();
  }

  /** Every indexed profile record (the indexer keeps them for matching). */
  profileRecords(): ReadonlyMap<string, ProfileRecord> {
    return this.profiles;
  }

  /** Embeds the item now if it is not indexed yet (e.g. a thread created a moment ago); false when it is gone. */
  async ensureIndexed(type: DiscussionType, id: string): Promise<boolean> {
    if (this.spaces.has(type, id)) return true;
    return (await this.indexMany([{ type, id }]))[0] ?? false;
  }

  // ------------------------------------------------------------------ start-up

  private async loadStored(): Promise<void> {
    const types: EmbeddedType[] = [...DISCUSSION_TYPES, 'profile'];
    for (const type of types) {
      for (const record of await this.store.embeddings.listByType(type, this.model)) {
        const target = targetOf(type, record.id, record.field);
        if (!target) continue;
        if (!this.spaces.fits(record.vector.length)) continue;
        this.spaces.set(target.space, target.key, record.vector, shareOfHash(record.contentHash));
        this.hashes.set(fieldKey(type, record.id, record.field), record.contentHash);
        this.fieldSet(type, record.id).add(record.field);
      }
    }
    const page = { afterUserId: undefined as string | undefined };
    for (;;) {
      const batch = await this.store.profiles.list({ ...(page.afterUserId ? { afterUserId: page.afterUserId } : {}), limit: 500 });
      for (const profile of batch) this.profiles.set(profile.userId, profile);
      if (batch.length < 500) break;
      page.afterUserId = batch[batch.length - 1]!.userId;
    }
  }

  /** Queues every item for a hash check: what the store lists, every profile, and whatever the store held vectors for, so deleted items leave too. */
  private async backfill(): Promise<void> {
    const count = await this.queue.backfill(() => this.knownItems());
    this.log.info({ items: count }, 'checking items against the stored vectors');
    this.backfilled = true;
    this.queue.pump();
  }

  private *knownItems(): Iterable<QueuedItem> {
    for (const userId of this.profiles.keys()) yield { type: 'profile', id: userId };
    for (const key of this.fields.keys()) {
      const [type, id] = key.split('\u0000') as [EmbeddedType, string];
      yield { type, id };
    }
  }

  // ------------------------------------------------------------------ events

  private onContent(event: ContentChanged): void {
    if (this.stopped) return;
    if (event.type === 'reply') {
      // A reply changes its thread's digest; the event names the reply.
      this.store.threads.findReply(event.id).then(
        (reply) => reply && this.schedule('thread', reply.threadId),
        (err: unknown) => this.log.warn({ err, reply: event.id }, 'could not read a changed reply'),
      );
      return;
    }
    if (event.deleted) {
      this.queue.cancel(event.type, event.id);
      void this.removeItem(event.type, event.id);
      return;
    }
    this.schedule(event.type, event.id);
  }

  private schedule(type: EmbeddedType, id: string): void {
    this.metas.delete(itemKey(type, id));
    this.queue.schedule(type, id);
  }

  // ------------------------------------------------------------------ indexing

  /** Reads, hashes, embeds what changed (one model call for the chunk) and stores it. Per item: still exists? */
  private async indexMany(items: QueuedItem[]): Promise<boolean[]> {
    const plans: ItemPlan[] = [];
    for (const { type, id } of items) {
      try {
        plans.push({ type, id, ...(await this.read(type, id)) });
      } catch (err) {
        this.log.warn({ err, type, id }, 'could not read an item to index');
      }
    }
    const toEmbed: Array<{ plan: ItemPlan; field: FieldText; hash: string }> = [];
    for (const plan of plans) {
      if (!plan.fields) continue;
      for (const field of plan.fields) {
        const hash = hashOf(field.text);
        if (this.hashes.get(fieldKey(plan.type, plan.id, field.field)) === hash && this.spaces.has(field.space, field.key)) continue;
        toEmbed.push({ plan, field, hash });
      }
    }
    let vectors: Float32Array[] = [];
    if (toEmbed.length > 0) {
      try {
        vectors = await this.embedWithRetry(toEmbed.map((e) => e.field.text));
      } catch (err) {
        if (err instanceof EmbeddingUnavailableError) {
          // The model went away: keep the items for later rather than losing them.
          this.queue.requeue(items);
          throw err;
        }
        this.log.warn({ err, texts: toEmbed.length }, 'embedding a chunk failed');
        return plans.map((p) => p.fields !== null);
      }
    }
    const changed = new Set<ItemPlan>();
    for (let i = 0; i < toEmbed.length; i++) {
      const { plan, field, hash } = toEmbed[i]!;
      const vector = vectors[i]!;
      if (!this.spaces.fits(vector.length)) continue;
      await this.store.embeddings.upsert({ type: plan.type, id: plan.id, field: field.field, model: this.model, contentHash: hash, vector });
      this.spaces.set(field.space, field.key, vector, shareOfHash(hash));
      this.hashes.set(fieldKey(plan.type, plan.id, field.field), hash);
      this.fieldSet(plan.type, plan.id).add(field.field);
      changed.add(plan);
    }
    for (const plan of plans) {
      if (!plan.fields) {
        await this.removeItem(plan.type, plan.id);
        continue;
      }
      if (plan.meta) this.metas.set(itemKey(plan.type, plan.id), plan.meta);
      if (plan.profile) this.profiles.set(plan.id, plan.profile);
      if (await this.dropStaleFields(plan.type, plan.id, plan.fields)) changed.add(plan);
      // A profile's preferences or languages matter to matching even when no text changed.
      if (changed.has(plan) || plan.type === 'profile') this.emit({ type: plan.type, id: plan.id, removed: false });
    }
    const alive = new Map(plans.map((p) => [itemKey(p.type, p.id), p.fields !== null]));
    return items.map(({ type, id }) => alive.get(itemKey(type, id)) ?? false);
  }

  private async read(type: EmbeddedType, id: string): Promise<Omit<ItemPlan, 'type' | 'id'>> {
    if (type !== 'profile') {
      const meta = await this.texts.discussion(type, id);
      if (!meta) return { fields: null, meta: null, profile: null };
      return { fields: discussionFields(type, id, meta), meta, profile: null };
    }
    const profile = await this.store.profiles.get(id);
    if (!profile) return { fields: null, meta: null, profile: null };
    return { fields: profileFields(id, profile), meta: null, profile };
  }

  /** Fields stored for the item that its current text no longer has (a removed offer, an emptied bio). */
  private async dropStaleFields(type: EmbeddedType, id: string, current: FieldText[]): Promise<boolean> {
    const stored = this.fields.get(itemKey(type, id));
    const keep = new Set(current.map((f) => f.field));
    const stale = stored ? [...stored].filter((f) => !keep.has(f)) : [];
    if (stale.length === 0) return false;
    // The port removes a whole item only: drop it and write back the fields that stay.
    await this.store.embeddings.remove(type, id);
    for (const field of current) {
      const vector = this.spaces.rawField(field.space, field.key)?.vector;
      const hash = this.hashes.get(fieldKey(type, id, field.field));
      if (vector && hash) await this.store.embeddings.upsert({ type, id, field: field.field, model: this.model, contentHash: hash, vector });
    }
    for (const field of stale) {
      const target = targetOf(type, id, field);
      if (target) this.spaces.remove(target.space, target.key);
      this.hashes.delete(fieldKey(type, id, field));
      stored!.delete(field);
    }
    return true;
  }

  private async removeItem(type: EmbeddedType, id: string): Promise<void> {
    const key = itemKey(type, id);
    const had = this.fields.get(key);
    for (const field of had ?? []) {
      const target = targetOf(type, id, field);
      if (target) this.spaces.remove(target.space, target.key);
      this.hashes.delete(fieldKey(type, id, field));
    }
    this.fields.delete(key);
    this.metas.delete(key);
    if (type === 'profile') this.profiles.delete(id);
    try {
      await this.store.embeddings.remove(type, id);
    } catch (err) {
      this.log.warn({ err, type, id }, 'could not remove the vectors of an item');
    }
    if (had) this.emit({ type, id, removed: true });
  }

  /** Background work yields to requests: a full queue is waited out with growing pauses. */
  private async embedWithRetry(texts: string[]): Promise<Float32Array[]> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.embedder.embed(texts);
      } catch (err) {
        if (!(err instanceof EmbeddingQueueFullError) || this.stopped || attempt >= 20) throw err;
        await sleep(Math.min(5000, 100 * attempt * attempt));
      }
    }
  }

  private fieldSet(type: EmbeddedType, id: string): Set<string> {
    const key = itemKey(type, id);
    let set = this.fields.get(key);
    if (!set) {
      set = new Set();
      this.fields.set(key, set);
    }
    return set;
  }

  private emit(change: IndexChange): void {
    this.changes.emit(change);
  }
}
