import type { PublicUser } from '@cohort/shared';
import type { UserStore } from '../store/ports';
import { presentUser } from './presenters';

const UNKNOWN_USER = (id: string): PublicUser => ({ id, username: 'unknown', displayName: 'Unknown user' });

/**
 * Public user cards for message authors and room members, looked up in batches and kept briefly, so a
 * history page costs at most one user query and a busy room none. Entries expire, so a changed display
 * name shows up within `ttlMs`.
 */
export class AuthorDirectory {
  private readonly cache = new Map<string, { user: PublicUser; expiresMs: number }>();

  constructor(
    private readonly users: UserStore,
    private readonly options: { ttlMs: number; maxEntries: number } = { ttlMs: 60_000, maxEntries: 10_000 },
    private readonly now: () => number = Date.now,
  ) {}

  /** Remembers a user we already hold (e.g. the sender of a socket event). */
  remember(user: PublicUser): void {
    this.put(user, this.now());
  }

  /** Cards for these ids; a user that no longer exists gets a placeholder rather than breaking the page. */
  async resolve(ids: Iterable<string>): Promise<Map<string, PublicUser>> {
    const now = this.now();
    const out = new Map<string, PublicUser>();
    const missing: string[] = [];
    for (const id of new Set(ids)) {
      const hit = this.cache.get(id);
      if (hit && hit.expiresMs > now) out.set(id, hit.user);
      else missing.push(id);
    }
    if (missing.length > 0) {
      for (const record of await this.users.findManyByIds(missing)) {
        const user = presentUser(record);
        this.put(user, now);
        out.set(user.id, user);
      }
      for (const id of missing) if (!out.has(id)) out.set(id, UNKNOWN_USER(id));
    }
    return out;
  }

  private put(user: PublicUser, now: number): void {
    // Map order is insertion order: re-inserting moves the entry to the back, and the front is the oldest.
    this.cache.delete(user.id);
    this.cache.set(user.id, { user, expiresMs: now + this.options.ttlMs });
    while (this.cache.size > this.options.maxEntries) {
      const oldest = this.cache.keys().next().value;
      if (oldest === undefined) break;
      this.cache.delete(oldest);
    }
  }
}
