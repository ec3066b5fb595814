import type { Logger } from '../logger';
import type { TypingTracker } from '../realtime/typingTracker';
import { RedisScript, type Redis } from './redisConnection';

/** Deletes the claim only if it is still the one this process made (no later refresh from anywhere). */
const EXPIRE_IF_MINE = new RedisScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
`);

/**
 * Typing claims shared by every process. The claim is a Redis key holding the token of its latest refresh;
 * the process that made that refresh keeps the timer and, when it fires, ends the claim and reports the
 * expiry (exactly one process does). The key also carries a Redis TTL a little longer than the claim, so a
 * claim whose process crashed disappears by itself (the presence sweep reports those users as gone).
 */
export class RedisTypingTracker implements TypingTracker {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly listeners: Array<(roomId: string, userId: string) => void> = [];
  private seq = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly processId: string,
    private readonly ttlMs: number,
    private readonly logger: Logger,
  ) {}

  private key(roomId: string, userId: string): string {
    return `${this.prefix}:typing:{${roomId}}:${userId}`;
  }

  async start(roomId: string, userId: string): Promise<boolean> {
    const k = this.key(roomId, userId);
    const token = `${this.processId}:${++this.seq}`;
    let previous: string | null;
    try {
      previous = await this.redis.set(k, token, { PX: this.ttlMs + 5000, GET: true });
    } catch {
      // Redis is away: typing is a nicety, so it is simply not shown meanwhile.
      return false;
    }
    clearTimeout(this.timers.get(k));
    const timer = setTimeout(() => void this.expire(k, roomId, userId, token), this.ttlMs);
    timer.unref();
    this.timers.set(k, timer);
    return previous === null;
  }

  async stop(roomId: string, userId: string): Promise<boolean> {
    const k = this.key(roomId, userId);
    clearTimeout(this.timers.get(k));
    this.timers.delete(k);
    return (await this.redis.del(k).catch(() => 0)) === 1;
  }

  onExpire(listener: (roomId: string, userId: string) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private async expire(k: string, roomId: string, userId: string, token: string): Promise<void> {
    this.timers.delete(k);
    try {
      if ((await EXPIRE_IF_MINE.run(this.redis, [k], [token])) !== 1) return;
    } catch (err) {
      this.logger.debug({ err }, 'typing expiry check failed');
      return;
    }
    for (const listener of this.listeners) listener(roomId, userId);
  }
}
