import type { EmbeddedType, Store } from '../../store/ports';
import { itemKey } from './indexFields';

/** An item to (re-)index. */
export interface QueuedItem {
  type: EmbeddedType;
  id: string;
}

export interface IndexQueueOptions {
  /** Quiet time per item type before a changed item is queued. */
  delays: Record<EmbeddedType, number>;
  /** Items handed to `run` at a time. */
  chunkItems: number;
  /** Whether work may run now (the model is ready); checked before each chunk. */
  canRun(): boolean;
  /** Indexes one chunk. A rejection ends the loop; items that should stay it puts back with requeue(). */
  run(chunk: QueuedItem[]): Promise<unknown>;
}

/** Ids listed from the store per page during a backfill. */
const PAGE = 100;

/**
 * The indexer's work queue: items in the order they were queued, each at most once. A changed item waits
 * out its type's quiet time first (debounced per item, and the first change starts the clock, so a busy room
 * is still re-indexed every few seconds rather than never); a backfill queues everything the store lists.
 * One loop works the queue off in chunks while `canRun()` holds.
 */
export class IndexQueue {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly queued = new Map<string, QueuedItem>();
  private pumping: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: IndexQueueOptions,
  ) {}

  /** Items waiting out their quiet time or queued, plus one while a chunk is being worked on. */
  get pending(): number {
    return this.timers.size + this.queued.size + (this.pumping ? 1 : 0);
  }

  /** Queues the item after its quiet time, unless it already waits or is queued. */
  schedule(type: EmbeddedType, id: string): void {
    const key = itemKey(type, id);
    if (this.timers.has(key) || this.queued.has(key)) return;
    const timer = setTimeout(() => {
      this.timers.delete(key);
      this.queued.set(key, { type, id });
      this.pump();
    }, this.options.delays[type]);
    timer.unref();
    this.timers.set(key, timer);
  }

  /** Forgets the item, waiting or queued (it was deleted). */
  cancel(type: EmbeddedType, id: string): void {
    const key = itemKey(type, id);
    const timer = this.timers.get(key);
    if (timer) clearTimeout(timer);
    this.timers.delete(key);
    this.queued.delete(key);
  }

  /** Puts items back at once, without starting the loop (the model went away while they were worked on). */
  requeue(items: readonly QueuedItem[]): void {
    for (const { type, id } of items) this.queued.set(itemKey(type, id), { type, id });
  }

  /**
   * Queues every item for a check: threads (all live ones, newest first), rooms and notebooks (private ones
   * too, which only the id listings show, in id order), then what `more` yields once those are listed.
   * Answers how many distinct items that was. Does not start the loop (see pump()).
   */
  async backfill(more: () => Iterable<QueuedItem>): Promise<number> {
    const seen = new Set<string>();
    const add = (type: EmbeddedType, id: string) => {
      const key = itemKey(type, id);
      if (seen.has(key)) return;
      seen.add(key);
      this.queued.set(key, { type, id });
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
    for (const { type, id } of more()) add(type, id);
    return seen.size;
  }

  /** Starts the work loop unless it runs, the queue is stopped, or work may not run now. */
  pump(): void {
    if (this.pumping || this.stopped || !this.options.canRun()) return;
    // Started on the next microtask: run synchronously, an empty queue would reach the `finally` below
    // before this assignment, and the finished loop would then stay recorded as running forever.
    this.pumping = Promise.resolve().then(async () => {
      try {
        while (this.queued.size > 0 && !this.stopped && this.options.canRun()) {
          const chunk = [...this.queued.values()].slice(0, this.options.chunkItems);
          for (const { type, id } of chunk) this.queued.delete(itemKey(type, id));
          await this.options.run(chunk);
        }
      } finally {
        this.pumping = null;
      }
      // Something may have been queued while the last chunk finished.
      if (this.queued.size > 0 && !this.stopped && this.options.canRun()) this.pump();
    });
  }

  /** Drops everything waiting and queued, and waits for the chunk being worked on. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.queued.clear();
    await this.pumping;
  }
}
