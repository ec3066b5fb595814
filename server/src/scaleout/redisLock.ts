import { randomBytes } from 'node:crypto';
import type { ExclusiveLock } from '../domain/exclusiveLock';
import type { Logger } from '../logger';
import { RedisScript, type Redis } from './redisConnection';

/** Releases the lock only if it is still ours (it may have expired and been taken by another process). */
const RELEASE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`);

/**
 * A lock in one Redis key (SET NX with an expiry), so a process that dies holding it frees it after `ttlMs`.
 * Tasks must finish well within `ttlMs`. While Redis is unreachable nothing runs (false): the guarded work
 * (compaction, cluster recompute) is always safe to postpone.
 */
export class RedisLock implements ExclusiveLock {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  async runExclusive(name: string, task: () => Promise<void>): Promise<boolean> {
    const key = `${this.prefix}:lock:${name}`;
    const token = randomBytes(12).toString('hex');
    try {
      if ((await this.redis.set(key, token, { NX: true, PX: this.ttlMs })) !== 'OK') return false;
    } catch (err) {
      this.logger.warn({ err, lock: name }, 'lock unavailable (redis); postponing the work');
      return false;
    }
    try {
      await task();
      return true;
    } finally {
      await RELEASE.run(this.redis, [key], [token]).catch(() => undefined);
    }
  }
}
