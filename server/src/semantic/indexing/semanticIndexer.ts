import { createHash } from 'node:crypto';
import type { ContentChanged, ContentEvents } from '../../domain/contentEvents';
import type { EmbeddedType, ProfileRecord, Store } from '../../store/ports';
import { ContentTexts, DISCUSSION_TYPES, profileTexts, type DiscussionType, type ItemMeta } from './contentTexts';
import { EmbeddingQueueFullError, EmbeddingUnavailableError, silentLogger, type EmbedOptions, type EmbeddingLogger } from '../embedding/embeddingService';
import { chineseShare, LanguageMeans } from '../vectors/languageCentering';
import { VectorIndex } from '../vectors/vectorIndex';

/** The part of EmbeddingService the indexer uses (so benches and tests can hand in the real one or a stand-in). */
export interface Embedder {
  readonly modelId: string;
  readonly state: 'loading' | 'ready' | 'unavailable';
  start(): Promise<void>;
  embed(texts: string[], options?: EmbedOptions): Promise<Float32Array[]>;
}

/**
 * Vector spaces. Discussions have one vector (`content`). Profiles have `about` (role, interests, skills,
 * bio), `offers` and `needs` (all items joined), and one vector per offer and need item (`offer:<i>`,
 * `need:<i>`; their index keys are `<userId>#<i>`) so matching compares item with item and can name them.
 */
export type SpaceName = DiscussionType | 'profile:about' | 'profile:offers' | 'profile:needs' | 'profile:offer' | 'profile:need';

/** Spaces whose vectors are compared with each other share their language means. */
export type SpaceGroup = 'discussion' | 'profile-items' | 'profile-aggregates' | 'profile-about';
const GROUP_OF: Record<SpaceName, SpaceGroup> = {
  thread: 'discussion',
  room: 'discussion',
  notebook: 'discussion',
  'profile:offer': 'profile-items',
  'profile:need': 'profile-items',
  'profile:offers': 'profile-aggregates',
  'profile:needs': 'profile-aggregates',
  'profile:about': 'profile-about',
};

export interface IndexChange {
  type: EmbeddedType;
  id: string;
  removed: boolean;
}

export interface IndexerOptions {
  logger?: EmbeddingLogger;
  /** Quiet time per item before it is re-embedded; bursts of edits or chat messages coalesce. */
  delayMs?: Partial<Record<EmbeddedType, number>>;
  /** Items embedded per model call round. */
  chunkItems?: number;
}

const DEFAULT_DELAY: Record<EmbeddedType, number> = { thread: 1500, room: 5000, notebook: 5000, profile: 1000 };
const CONTENT = 'content';
const PAGE = 100;
/**
 * The stored content hash: the text's hash plus its Chinese share in percent (`<hex>.<0-100>`), a
 * function of the text too; it lets the share (needed for language centering) load with the vector.
 */
const hashOf = (text: string): string => `${createHash('sha256').update(text).digest('hex').slice(0, 32)}.${Math.round(chineseShare(text) * 100)}`;
const shareOfHash = (hash: string): number => {
  const m = /\.(\d{1,3})$/.exec(hash);
  return m ? Math.min(100, Number(m[1])) / 100 : 0.5;
};
const itemKey = (type: EmbeddedType, id: string): string => `${type}\u0000${id}`;
const fieldKey = (type: EmbeddedType, id: string, field: string): string => `${type}\u0000${id}\u0000${field}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** A text to embed for one field of one item, and where its vector goes. */
interface FieldText {
  field: string;
  text: string;
  space: SpaceName;
  key: string;
}

/**
 * Keeps the vectors of every thread, room, notebook and profile current:
 * - at start, loads what the store holds for the current model into the in-memory indexes (no model needed);
 * - once the model is ready, backfills anything missing, changed, or embedded by another model;
 * - afterwards follows `content.changed`, debounced per item (the first change starts the clock, so a busy
 *   room is still re-indexed every few seconds rather than never).
 * A content hash per field skips unchanged text. Work runs in the background in chunks, never inside a
 * request, and a full model queue (503) is waited out rather than dropped.
 */
export class SemanticIndexer {
  /** The vectors as the model made them (and the store holds them). */
  private readonly spaces = new Map<SpaceName, VectorIndex>();
  /** Chinese share per space and key, for centering. */
  private readonly shares = new Map<string, number>();
  private readonly groupVersions = new Map<SpaceGroup, number>();
  private readonly groupMeans = new Map<SpaceGroup, { version: number; means: LanguageMeans }>();
  private readonly centered = new Map<SpaceName, { version: number; index: VectorIndex }>();
  /** field key -> content hash of what the current model embedded. */
  private readonly hashes = new Map<string, string>();
  /** item key -> the fields stored for it (so shrinking lists of offers/needs drop stale items). */
  private readonly fields = new Map<string, Set<string>>();
  private readonly metas = new Map<string, ItemMeta>();
  private readonly profiles = new Map<string, ProfileRecord>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queue = new Map<string, { type: EmbeddedType; id: string }>();
  private readonly listeners = new Set<(change: IndexChange) => void>();
  private readonly texts: ContentTexts;
  private readonly log: EmbeddingLogger;
  private readonly delays: Record<EmbeddedType, number>;
  private readonly chunkItems: number;
  private unsubscribe: (() => void) | null = null;
  private pumping: Promise<void> | null = null;
  private loadedPromise: Promise<void> | null = null;
  private backfilled = false;
  private stopped = false;
  private dims: number | null = null;

  constructor(
    private readonly store: Store,
    private readonly embedder: Embedder,
    private readonly events: ContentEvents,
    options: IndexerOptions = {},
  ) {
    this.texts = new ContentTexts(store);
    this.log = options.logger ?? silentLogger;
    this.delays = { ...DEFAULT_DELAY, ...options.delayMs };
    this.chunkItems = Math.max(1, options.chunkItems ?? 8);
  }

  get model(): string {
    return this.embedder.modelId;
  }

  /** Items waiting to be (re-)embedded, debounced or queued; 0 once the index has caught up. */
  get pending(): number {
    return this.timers.size + this.queue.size + (this.pumping ? 1 : 0) + (this.backfilled || this.embedder.state === 'unavailable' ? 0 : 1);
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
      .catch((err: unknown) => this.log.error(`semantic index: start-up failed: ${messageOf(err)}`));
    return this.loadedPromise;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queue.clear();
    await this.pumping;
  }

  /** Called with every change the index takes in (for clusters and matching to refresh). */
  onChange(listener: (change: IndexChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The language-centered vectors of a space (see languageCentering.ts): what every comparison uses.
   * Rebuilt from the raw vectors after changes, in one pass (O(n·dims)), on first use.
   */
  space(name: SpaceName): VectorIndex | null {
    const raw = this.spaces.get(name);
    if (!raw || !this.dims) return null;
    const group = GROUP_OF[name];
    const version = this.groupVersions.get(group) ?? 0;
    const cached = this.centered.get(name);
    if (cached && cached.version === version) return cached.index;
    const means = this.meansOf(group);
    const index = new VectorIndex(this.dims, raw.size);
    const out = new Float32Array(this.dims);
    for (const key of raw.allKeys()) index.set(key, means.center(raw.get(key)!, this.shares.get(`${name}\u0000${key}`) ?? 0.5, out));
    this.centered.set(name, { version, index });
    return index;
  }

  /** The centered vector of an item's field. */
  vector(space: SpaceName, key: string): Float32Array | null {
    return this.space(space)?.get(key) ?? null;
  }

  /** A vector from elsewhere (a query, a profile field) centered as the vectors of `group` are, to compare with them. */
  centerAs(group: SpaceGroup, raw: Float32Array, text: string | number): Float32Array {
    return this.meansOf(group).center(raw, typeof text === 'number' ? text : chineseShare(text));
  }

  /** The raw vector and Chinese share of a field, to center it for another group. */
  rawField(space: SpaceName, key: string): { vector: Float32Array; zh: number } | null {
    const vector = this.spaces.get(space)?.get(key);
    return vector ? { vector, zh: this.shares.get(`${space}\u0000${key}`) ?? 0.5 } : null;
  }

  private meansOf(group: SpaceGroup): LanguageMeans {
    const version = this.groupVersions.get(group) ?? 0;
    const cached = this.groupMeans.get(group);
    if (cached && cached.version === version) return cached.means;
    const items: Array<{ vector: Float32Array; zh: number }> = [];
    for (const [name, raw] of this.spaces) {
      if (GROUP_OF[name] !== group) continue;
      for (const key of raw.allKeys()) items.push({ vector: raw.get(key)!, zh: this.shares.get(`${name}\u0000${key}`) ?? 0.5 });
    }
    const means = LanguageMeans.of(this.dims ?? 0, items);
    this.groupMeans.set(group, { version, means });
    return means;
  }

  private setVector(space: SpaceName, key: string, vector: Float32Array, hash: string): void {
    this.spaceFor(space).set(key, vector);
    this.shares.set(`${space}\u0000${key}`, shareOfHash(hash));
    this.bump(space);
  }

  private removeVector(space: SpaceName, key: string): void {
    if (this.spaces.get(space)?.remove(key)) this.bump(space);
    this.shares.delete(`${space}\u0000${key}`);
  }

  private bump(space: SpaceName): void {
    const group = GROUP_OF[space];
    this.groupVersions.set(group, (this.groupVersions.get(group) ?? 0) + 1);
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
    return (['profile-items', 'profile-aggregates', 'profile-about'] as const).map((g) => this.groupVersions.get(g) ?? 0).join('.');
  }

  /** Every indexed profile record (the indexer keeps them for matching). */
  profileRecords(): ReadonlyMap<string, ProfileRecord> {
    return this.profiles;
  }

  /** Embeds the item now if it is not indexed yet (e.g. a thread created a moment ago); false when it is gone. */
  async ensureIndexed(type: DiscussionType, id: string): Promise<boolean> {
    if (this.spaces.get(type)?.has(id)) return true;
    return this.indexItem(type, id);
  }

  // ------------------------------------------------------------------ start-up

  private async loadStored(): Promise<void> {
    const types: EmbeddedType[] = [...DISCUSSION_TYPES, 'profile'];
    for (const type of types) {
      for (const record of await this.store.embeddings.listByType(type, this.model)) {
        const target = this.targetOf(type, record.id, record.field);
        if (!target) continue;
        if (!this.ensureDims(record.vector.length)) continue;
        this.setVector(target.space, target.key, record.vector, record.contentHash);
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

  /**
   * Queues every item for a hash check: threads (all live ones), rooms and notebooks (private ones too,
   * which only the id listings show), every profile, plus whatever the store held vectors for, so deleted
   * items leave too.
   */
  private async backfill(): Promise<void> {
    const seen = new Set<string>();
    const add = (type: EmbeddedType, id: string) => {
      const key = itemKey(type, id);
      if (seen.has(key)) return;
      seen.add(key);
      this.queue.set(key, { type, id });
    };
    let cursor: string | undefined;
    do {
      const page = await this.store.threads.list({ sort: 'new', limit: PAGE, ...(cursor ? { cursor } : {}) });
      for (const thread of page.threads) add('thread', thread.id);
      cursor = page.nextCursor ?? undefined;
    } while (cursor && !this.stopped);
    for (const [type, listing] of [['room', this.store.rooms], ['notebook', this.store.notebooks]] as const) {
      let afterId: string | undefined;
      do {
        const ids = await listing.listIds({ ...(afterId ? { afterId } : {}), limit: PAGE });
        for (const id of ids) add(type, id);
        afterId = ids.length === PAGE ? ids[PAGE - 1] : undefined;
      } while (afterId && !this.stopped);
    }
    for (const userId of this.profiles.keys()) add('profile', userId);
    for (const key of this.fields.keys()) {
      const [type, id] = key.split('\u0000') as [EmbeddedType, string];
      add(type, id);
    }
    this.log.info(`semantic index: checking ${seen.size} items against the stored vectors`);
    this.backfilled = true;
    this.pump();
  }

  // ------------------------------------------------------------------ events and the work queue

  private onContent(event: ContentChanged): void {
    if (this.stopped) return;
    if (event.type === 'reply') {
      // A reply changes its thread's digest; the event names the reply.
      this.store.threads.findReply(event.id).then(
        (reply) => reply && this.schedule('thread', reply.threadId),
        (err: unknown) => this.log.warn(`semantic index: reply ${event.id}: ${messageOf(err)}`),
      );
      return;
    }
    if (event.deleted) {
      this.cancel(event.type, event.id);
      void this.removeItem(event.type, event.id);
      return;
    }
    this.schedule(event.type, event.id);
  }

  private schedule(type: EmbeddedType, id: string): void {
    const key = itemKey(type, id);
    this.metas.delete(key);
    if (this.timers.has(key) || this.queue.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.queue.set(key, { type, id });
      this.pump();
    }, this.delays[type]);
    timer.unref();
    this.timers.set(key, timer);
  }

  private cancel(type: EmbeddedType, id: string): void {
    const key = itemKey(type, id);
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.queue.delete(key);
  }

  /** Starts the work loop unless it runs; work waits for the model (and the start-up load). */
  private pump(): void {
    if (this.pumping || this.stopped || this.embedder.state !== 'ready') return;
    // Started on the next microtask: run synchronously, an empty queue would reach the `finally` below
    // before this assignment, and the finished loop would then stay recorded as running forever.
    this.pumping = Promise.resolve().then(async () => {
      try {
        while (this.queue.size > 0 && !this.stopped && this.embedder.state === 'ready') {
          const chunk = [...this.queue.values()].slice(0, this.chunkItems);
          for (const { type, id } of chunk) this.queue.delete(itemKey(type, id));
          await this.indexMany(chunk);
        }
      } finally {
        this.pumping = null;
      }
      // Something may have been queued while the last chunk finished.
      if (this.queue.size > 0 && !this.stopped && this.embedder.state === 'ready') this.pump();
    });
  }

  private async indexItem(type: EmbeddedType, id: string): Promise<boolean> {
    return (await this.indexMany([{ type, id }]))[0] ?? false;
  }

  /** Reads, hashes, embeds what changed (one model call for the chunk) and stores it. Per item: still exists? */
  private async indexMany(items: Array<{ type: EmbeddedType; id: string }>): Promise<boolean[]> {
    const plans: Array<{ type: EmbeddedType; id: string; fields: FieldText[] | null; meta: ItemMeta | null; profile: ProfileRecord | null }> = [];
    for (const { type, id } of items) {
      try {
        plans.push({ type, id, ...(await this.read(type, id)) });
      } catch (err) {
        this.log.warn(`semantic index: could not read ${type} ${id}: ${messageOf(err)}`);
      }
    }
    const toEmbed: Array<{ plan: (typeof plans)[number]; field: FieldText; hash: string }> = [];
    for (const plan of plans) {
      if (!plan.fields) continue;
      for (const field of plan.fields) {
        const hash = hashOf(field.text);
        if (this.hashes.get(fieldKey(plan.type, plan.id, field.field)) === hash && this.spaces.get(field.space)?.has(field.key)) continue;
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
          for (const { type, id } of items) this.queue.set(itemKey(type, id), { type, id });
          throw err;
        }
        this.log.warn(`semantic index: embedding ${toEmbed.length} texts failed: ${messageOf(err)}`);
        return plans.map((p) => p.fields !== null);
      }
    }
    const changed = new Set<(typeof plans)[number]>();
    for (let i = 0; i < toEmbed.length; i++) {
      const { plan, field, hash } = toEmbed[i]!;
      const vector = vectors[i]!;
      if (!this.ensureDims(vector.length)) continue;
      await this.store.embeddings.upsert({ type: plan.type, id: plan.id, field: field.field, model: this.model, contentHash: hash, vector });
      this.setVector(field.space, field.key, vector, hash);
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

  private async read(type: EmbeddedType, id: string): Promise<{ fields: FieldText[] | null; meta: ItemMeta | null; profile: ProfileRecord | null }> {
    if (type !== 'profile') {
      const meta = await this.texts.discussion(type, id);
      if (!meta) return { fields: null, meta: null, profile: null };
      return { fields: [{ field: CONTENT, text: meta.text, space: type, key: id }], meta, profile: null };
    }
    const profile = await this.store.profiles.get(id);
    if (!profile) return { fields: null, meta: null, profile: null };
    const t = profileTexts(profile);
    const fields: FieldText[] = [];
    if (t.about) fields.push({ field: 'about', text: t.about, space: 'profile:about', key: id });
    if (t.offers) fields.push({ field: 'offers', text: t.offers, space: 'profile:offers', key: id });
    if (t.needs) fields.push({ field: 'needs', text: t.needs, space: 'profile:needs', key: id });
    t.offerItems.forEach((text, i) => fields.push({ field: `offer:${i}`, text, space: 'profile:offer', key: `${id}#${i}` }));
    t.needItems.forEach((text, i) => fields.push({ field: `need:${i}`, text, space: 'profile:need', key: `${id}#${i}` }));
    return { fields, meta: null, profile };
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
      const vector = this.rawField(field.space, field.key)?.vector;
      const hash = this.hashes.get(fieldKey(type, id, field.field));
      if (vector && hash) await this.store.embeddings.upsert({ type, id, field: field.field, model: this.model, contentHash: hash, vector });
    }
    for (const field of stale) {
      const target = this.targetOf(type, id, field);
      if (target) this.removeVector(target.space, target.key);
      this.hashes.delete(fieldKey(type, id, field));
      stored!.delete(field);
    }
    return true;
  }

  private async removeItem(type: EmbeddedType, id: string): Promise<void> {
    const key = itemKey(type, id);
    const had = this.fields.get(key);
    for (const field of had ?? []) {
      const target = this.targetOf(type, id, field);
      if (target) this.removeVector(target.space, target.key);
      this.hashes.delete(fieldKey(type, id, field));
    }
    this.fields.delete(key);
    this.metas.delete(key);
    if (type === 'profile') this.profiles.delete(id);
    try {
      await this.store.embeddings.remove(type, id);
    } catch (err) {
      this.log.warn(`semantic index: could not remove ${type} ${id}: ${messageOf(err)}`);
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

  // ------------------------------------------------------------------ bookkeeping

  private targetOf(type: EmbeddedType, id: string, field: string): { space: SpaceName; key: string } | null {
    if (type !== 'profile') return field === CONTENT ? { space: type, key: id } : null;
    if (field === 'about' || field === 'offers' || field === 'needs') return { space: `profile:${field}`, key: id };
    const item = /^(offer|need):(\d+)$/.exec(field);
    return item ? { space: `profile:${item[1] as 'offer' | 'need'}`, key: `${id}#${item[2]}` } : null;
  }

  /** All spaces share the model's width; a vector of another width (a stale row) is ignored. */
  private ensureDims(length: number): boolean {
    this.dims ??= length;
    return this.dims === length;
  }

  private spaceFor(name: SpaceName): VectorIndex {
    let space = this.spaces.get(name);
    if (!space) {
      space = new VectorIndex(this.dims!);
      this.spaces.set(name, space);
    }
    return space;
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
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch (err) {
        this.log.warn(`semantic index: listener failed: ${messageOf(err)}`);
      }
    }
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
