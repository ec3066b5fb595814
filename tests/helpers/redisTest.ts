/**
 * The scale-out tests need a Redis server: REDIS_TEST_URL (set by .ci/run). Without it they are skipped with
 * one line saying so; under CI (CI=true) a missing Redis is a failure, not a skip.
 */
export const redisTestUrl: string | undefined = process.env.REDIS_TEST_URL;

export function describeWithRedis(name: string, body: (redisUrl: string) => void): void {
  if (redisTestUrl) {
    describe(name, () => body(redisTestUrl));
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      test('needs a Redis server', () => {
        throw new Error('REDIS_TEST_URL is not set; CI must provide a Redis server (.ci/run starts one)');
      });
    });
    return;
  }
  describe(`${name} [skipped: no Redis — set REDIS_TEST_URL=redis://127.0.0.1:<port> to run]`, () => {
    test.skip('needs a Redis server (REDIS_TEST_URL)', () => undefined);
  });
}
