import { MemoryRateLimiter, type BucketOptions, type RateLimiter } from '../domain/rateLimiter';
import type { Logger } from '../logger';
import { RedisScript, type Redis } from './redisConnection';

/**
 * Token bucket in one Redis hash, updated atomically by a script that reads Redis's own clock, so every
 * process draws from the same bucket and process clocks do not matter. The hash expires once the bucket
 * would be full again.
 */
const TAKE_TOKEN = new RedisScript(`
local capacity = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(state[1]) or capacity
local ts = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + math.max(0, now - ts) / 1000 * rate)
local allowed = 0
local retry = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
else
  retry = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity / rate * 1000) + 1000)
return {allowed, retry}
`);

/**
 * Rate limits shared by every process. While Redis is unreachable each process falls back to its own
 * in-memory bucket (limits become per process for that time) rather than refusing or allowing everything.
 */
export class RedisRateLimiter implements RateLimiter {
  private readonly fallback: MemoryRateLimiter;
  private warnedAt = 0;

  constructor(
    private readonly redis: Redis,
    /** Key prefix, e.g. `cohort:rate:send`. */
    private readonly prefix: string,
    private readonly options: BucketOptions,
    private readonly logger: Logger,
  ) {
    this.fallback = new MemoryRateLimiter(options);
  }

  async consume(key: string): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
    try {
      const [allowed, retry] = (await TAKE_TOKEN.run(this.redis, [`${this.prefix}:${key}`], [this.options.capacity, this.options.refillPerSecond])) as [number, number];
      return allowed === 1 ? { allowed: true } : { allowed: false, retryAfterSeconds: retry };
    } catch (err) {
      if (Date.now() - this.warnedAt > 60_000) {
        this.warnedAt = Date.now();
        this.logger.warn({ err, limiter: this.prefix }, 'redis rate limit unavailable; using this process\'s own bucket');
      }
      return this.fallback.consume(key);
    }
  }
}
