import { MemoryRateLimiter } from '../../server/src/domain/rateLimiter';

describe('MemoryRateLimiter', () => {
  test('allows a burst, then refills at the given rate, per key', async () => {
    let now = 0;
    const limiter = new MemoryRateLimiter({ capacity: 3, refillPerSecond: 2 }, () => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push((await limiter.consume('a')).allowed);
    expect(results).toEqual([true, true, true, false]);
    expect(await limiter.consume('b')).toEqual({ allowed: true });

    const refused = await limiter.consume('a');
    expect(refused).toEqual({ allowed: false, retryAfterSeconds: 1 });
    now += 500; // half a second refills one token
    expect((await limiter.consume('a')).allowed).toBe(true);
    expect((await limiter.consume('a')).allowed).toBe(false);
    now += 60_000; // never more than the capacity
    const after = [];
    for (let i = 0; i < 4; i++) after.push((await limiter.consume('a')).allowed);
    expect(after).toEqual([true, true, true, false]);
  });
});
