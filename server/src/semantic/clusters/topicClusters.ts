import type { ExclusiveLock } from '../../domain/exclusiveLock';
import type { Logger } from '../../logger';
import { toError } from '../../toError';
import type { DiscussionType } from '../indexing/contentTexts';
import type { SemanticIndexer } from '../indexing/semanticIndexer';
import type { DiscussionSignals } from '../signals/discussionSignals';
import { clusterLabel } from './clusterKeywords';
import type { ClusterInput, ClusterOptions, ClusterOutput } from './topicClustering';
import type { VectorMathThread } from '../vectors/vectorMathThread';

export interface TopicItem {
  type: DiscussionType;
  id: string;
  title: string;
}

export interface TopicCluster {
  id: string;
  label: string;
  keywords: string[];
  size: number;
  items: TopicItem[];
  /** The bucket of items that belong to no topic (id `other`); at most one, listed last. */
  other: boolean;
}

export interface TopicMap {
  clusters: TopicCluster[];
  /** Where each item sits on a 2-D map (PCA of the vectors), coordinates in [-1, 1]. */
  layout: Array<{ type: DiscussionType; id: string; x: number; y: number; clusterId: string }>;
  computedAt: string | null;
  /** True while changes since the last computation wait to be included. */
  stale: boolean;
}

export interface TopicClustersOptions {
  /** Quiet time after the last index change before recomputing. */
  settleMs?: number;
  /** Upper bound on how long a steady stream of changes can delay a recomputation. */
  maxWaitMs?: number;
  /** With several processes: one recomputes at a time (a busy lock means "try again after the next settle"). */
  lock?: ExclusiveLock;
  /** The cut (the model profile's thresholds). */
  cut?: Partial<ClusterOptions>;
}

/** The id (and label) of the bucket of items that belong to no topic. */
const OTHER_ID = 'other';
/** A new cluster takes an old cluster's id when their memberships overlap at least this much (Jaccard). */
const KEEP_ID_JACCARD = 0.5;

/**
 * The community's topic map: clusters of every public discussion (threads, public rooms, community
 * notebooks: private ones would leak their titles to everyone), recomputed in a worker thread once index
 * changes have settled. Cluster ids survive recomputations when membership mostly persists.
 */
export class TopicClusters {
  private current: TopicMap = { clusters: [], layout: [], computedAt: null, stale: true };
  private previous: Array<{ id: string; members: Set<string> }> = [];
  private nextClusterId = 1;
  private running: Promise<void> | null = null;
  private dirtySince: number | null = Date.now();
  private timer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private closed = false;
  private readonly settleMs: number;
  private readonly maxWaitMs: number;
  private readonly log: Logger;
  private readonly lock: ExclusiveLock | undefined;

  private readonly cut: Partial<ClusterOptions>;

  constructor(
    private readonly index: SemanticIndexer,
    /** The discussions' enriched vectors (text, audience, tags): what clusters are made of. */
    private readonly signals: DiscussionSignals,
    /** Where the clustering runs, off the event loop. */
    private readonly math: VectorMathThread,
    logger: Logger,
    options: TopicClustersOptions = {},
  ) {
    this.cut = options.cut ?? {};
    this.settleMs = options.settleMs ?? 5000;
    this.maxWaitMs = options.maxWaitMs ?? 60_000;
    this.log = logger.child({ module: 'topic-clusters' });
    this.lock = options.lock;
  }

  start(): void {
    this.unsubscribe ??= this.index.onChange((change) => {
      if (change.type !== 'profile') this.markDirty();
    });
    this.markDirty();
  }

  async stop(): Promise<void> {
    this.closed = true;
    this.unsubscribe?.();
    if (this.timer) clearTimeout(this.timer);
    await this.running?.catch(() => {});
  }

  /**
   * The latest map. The first call computes one if none exists yet; later calls never wait for a
   * recomputation (it runs in the background after changes settle), they report `stale` instead.
   */
  async get(): Promise<TopicMap> {
    if (this.current.computedAt === null) await this.recompute();
    return { ...this.current, stale: this.dirtySince !== null || this.index.pending > 0 };
  }

  /** Recomputes now (coalesced with a run in progress); resolves when the new map is in place. */
  recompute(): Promise<void> {
    if (this.running) return this.running.then(() => (this.dirtySince !== null ? this.recompute() : undefined));
    this.running = this.computeExclusive().finally(() => (this.running = null));
    return this.running;
  }

  private markDirty(): void {
    if (this.closed) return;
    this.dirtySince ??= Date.now();
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.settleMs, this.dirtySince + this.maxWaitMs - Date.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      // Still indexing: wait for it to settle first (the index change that follows re-arms us anyway).
      if (this.index.pending > 0 && Date.now() - this.dirtySince! < this.maxWaitMs) return this.markDirty();
      void this.recompute().catch((err: unknown) => this.log.warn({ err }, 'recomputing the topic map failed'));
    }, wait);
    this.timer.unref();
  }

  /** Computes under the lock when there is one. Another process computing means: again after the next settle. */
  private async computeExclusive(): Promise<void> {
    if (!this.lock) return this.compute();
    for (let attempt = 0; ; attempt++) {
      if (await this.lock.runExclusive('clusters', () => this.compute())) return;
      if (this.current.computedAt !== null) {
        // Counted from now, so a long computation elsewhere is not polled in a tight loop.
        this.dirtySince = Date.now();
        return this.markDirty();
      }
      // No map at all yet (a first request waits for one): wait for our turn, but not forever (the lock
      // may be unreachable); a map computed beside another process's is better than none.
      if (attempt >= 100) return this.compute();
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private async compute(): Promise<void> {
    this.dirtySince = null;
    const items: Array<TopicItem & { text: string }> = [];
    const rows: Float32Array[] = [];
    const snapshot = await this.signals.snapshot({ fresh: true });
    for (const { type, id, meta } of snapshot.items) {
      const vector = snapshot.enriched.get(`${type}:${id}`);
      if (!meta.isPublic || !vector) continue;
      items.push({ type, id, title: meta.title, text: meta.text });
      rows.push(vector);
    }
    const dims = rows[0]?.length ?? 0;
    const vectors = new Float32Array(rows.length * dims);
    rows.forEach((row, i) => vectors.set(row, i * dims));
    const output = await this.runInWorker({ dims, vectors, texts: items.map((i) => i.text), options: this.cut });
    this.current = { ...this.present(items, output), computedAt: new Date().toISOString(), stale: false };
  }

  /** Names clusters, keeping an old id for a cluster whose members mostly stayed (greedy by overlap). */
  private present(items: Array<TopicItem & { text: string }>, output: ClusterOutput): Omit<TopicMap, 'computedAt' | 'stale'> {
    const keyOf = (i: number) => `${items[i]!.type}:${items[i]!.id}`;
    const fresh = output.clusters.map((c) => new Set(c.members.map(keyOf)));
    const pairs: Array<{ c: number; p: number; jaccard: number }> = [];
    fresh.forEach((members, c) =>
      this.previous.forEach((prev, p) => {
        // The "other" bucket keeps its own id; topics never take it.
        if (output.clusters[c]!.other) return;
        let shared = 0;
        for (const m of members) if (prev.members.has(m)) shared++;
        const jaccard = shared / (members.size + prev.members.size - shared);
        if (jaccard >= KEEP_ID_JACCARD) pairs.push({ c, p, jaccard });
      }),
    );
    pairs.sort((a, b) => b.jaccard - a.jaccard);
    const ids: Array<string | undefined> = Array.from({ length: fresh.length }, () => undefined);
    const takenPrev = new Set<number>();
    for (const { c, p } of pairs) {
      if (ids[c] !== undefined || takenPrev.has(p)) continue;
      ids[c] = this.previous[p]!.id;
      takenPrev.add(p);
    }
    const clusterIds = ids.map((id, c) => (output.clusters[c]!.other ? OTHER_ID : (id ?? `t${this.nextClusterId++}`)));
    this.previous = fresh.map((members, c) => ({ id: clusterIds[c]!, members })).filter((p) => p.id !== OTHER_ID);
    const clusters: TopicCluster[] = output.clusters.map((c, ci) => ({
      id: clusterIds[ci]!,
      label: c.other ? OTHER_ID : clusterLabel(c.keywords) || 'misc',
      keywords: c.keywords,
      size: c.members.length,
      items: c.members.map((i) => ({ type: items[i]!.type, id: items[i]!.id, title: items[i]!.title })),
      other: c.other,
    }));
    const layout = items.map((item, i) => ({
      type: item.type,
      id: item.id,
      x: output.layout[i]![0],
      y: output.layout[i]![1],
      clusterId: clusterIds[output.assignment[i]!]!,
    }));
    return { clusters, layout };
  }

  private async runInWorker(input: ClusterInput): Promise<ClusterOutput> {
    if (input.texts.length === 0) return { assignment: [], clusters: [], layout: [], silhouette: 0 };
    try {
      return await this.math.run({ kind: 'cluster', input }, [input.vectors.buffer as ArrayBuffer]);
    } catch (err) {
      throw new Error(`clustering failed: ${toError(err).message}`);
    }
  }
}
