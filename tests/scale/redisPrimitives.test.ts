import { randomBytes } from 'node:crypto';
import { createLogger } from '../../server/src/logger';
import { connectRedis, type Redis } from '../../server/src/scaleout/redisConnection';
import { RedisLock } from '../../server/src/scaleout/redisLock';
import { RedisRateLimiter } from '../../server/src/scaleout/redisRateLimiter';
import { describeWithRedis } from '../helpers/redisTest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeWithRedis('Redis primitives shared by hub processes', (redisUrl) => {
  const logger = createLogger('silent');
  // Two connections stand for two processes.
  let one: Redis;
  let two: Redis;
  const prefix = `t${randomBytes(4).toString('hex')}`;
  beforeAll(async () => {
    one = await connectRedis(redisUrl, logger, 'one');
    two = await connectRedis(redisUrl, logger, 'two');
  });
  afterAll(async () => {
    await Promise.all([one?.quit(), two?.quit()]);
  });

  test('the compaction lock: two holders never run the guarded work at the same moment', async () => {
    const locks = [new RedisLock(one, prefix, 5000, logger), new RedisLock(two, prefix, 5000, logger)];
    let inside = 0;
    let most = 0;
    let runs = 0;
    const attempt = (lock: RedisLock) =>
      lock.runExclusive('compact:notebook:x', async () => {
        inside++;
        most = Math.max(most, inside);
        runs++;
        await sleep(30);
        inside--;
      });
    // 40 attempts from both "processes", all at once, then again in waves.
    for (let wave = 0; wave < 4; wave++) {
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(locks[i % 2]!)));
      expect(results.filter(Boolean)).toHaveLength(1);
    }
    expect(most).toBe(1);
    expect(runs).toBe(4);
  });

  test('a lock whose holder died frees itself after its expiry', async () => {
    const lock = new RedisLock(two, prefix, 5000, logger);
    // A holder that never releases (its process was killed): 300 ms expiry.
    await one.set(`${prefix}:lock:compact:notebook:y`, 'dead-holder', { PX: 300 });
    expect(await lock.runExclusive('compact:notebook:y', async () => undefined)).toBe(false);
    await sleep(400);
    expect(await lock.runExclusive('compact:notebook:y', async () => undefined)).toBe(true);
    // Our release did not delete someone else's lock: the key is gone only because we held it.
    expect(await one.exists(`${prefix}:lock:compact:notebook:y`)).toBe(0);
  });

  test('the rate limit is one bucket for every process, exact under concurrency', async () => {
    const options = { capacity: 10, refillPerSecond: 0.001 };
    const limiters = [new RedisRateLimiter(one, `${prefix}:rate:send`, options, logger), new RedisRateLimiter(two, `${prefix}:rate:send`, options, logger)];
    const verdicts = await Promise.all(Array.from({ length: 50 }, (_, i) => limiters[i % 2]!.consume('user-1')));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
    const refused = verdicts.find((v) => !v.allowed) as { allowed: false; retryAfterSeconds: number };
    expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    // Another key has its own bucket.
    expect((await limiters[1]!.consume('user-2')).allowed).toBe(true);
  });
});
