import type { Store } from '../../store/ports';

/**
 * Who took part in which thread, beyond what a thread's own record shows (its author and repliers): votes.
 * The store lists what a user took part in (authored, replied to or voted on), not who voted on a thread, so
 * the reader asks for every member with a profile (the indexer knows them) and inverts the lists. Votes
 * change no text and raise no content event, so the result is kept for `ttlMs` and then read again; a caller
 * that knows content changed asks for a younger answer (votes usually come with activity).
 */
export class EngagementReader {
  private cached: { at: number; byThread: ReadonlyMap<string, readonly string[]> } | null = null;
  private reading: Promise<ReadonlyMap<string, readonly string[]>> | null = null;

  constructor(
    private readonly store: Store,
    /** The users to ask about (those with a profile). */
    private readonly users: () => Iterable<string>,
    private readonly ttlMs: number,
  ) {}

  /** When the current answer was read (0 before the first read): part of what a snapshot depends on. */
  get readAt(): number {
    return this.cached?.at ?? 0;
  }

  /** True when the kept answer is older than the TTL (or there is none). */
  get stale(): boolean {
    return this.olderThan(this.ttlMs);
  }

  /** Thread id -> the users who took part in it; the kept answer while younger than `maxAgeMs` (default the TTL). */
  byThread(maxAgeMs = this.ttlMs): Promise<ReadonlyMap<string, readonly string[]>> {
    if (!this.olderThan(maxAgeMs)) return Promise.resolve(this.cached!.byThread);
    this.reading ??= this.read().finally(() => (this.reading = null));
    return this.reading;
  }

  private olderThan(ms: number): boolean {
    return !this.cached || Date.now() - this.cached.at >= ms;
  }

  private async read(): Promise<ReadonlyMap<string, readonly string[]>> {
    const at = Date.now();
    const byThread = new Map<string, string[]>();
    for (const userId of [...this.users()]) {
      for (const threadId of await this.store.threads.listParticipatedThreadIds(userId)) {
        let list = byThread.get(threadId);
        if (!list) byThread.set(threadId, (list = []));
        list.push(userId);
      }
    }
    this.cached = { at, byThread };
    return byThread;
  }
}
