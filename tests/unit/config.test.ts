import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../server/src/config';
import { tempDir } from '../helpers/tempDir';

describe('config', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir('cohort-config-');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('defaults give the embedded mode', () => {
    const config = loadConfig({ DATA_DIR: dir });
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', store: 'sqlite', dataDir: path.resolve(dir), logLevel: 'info', embeddingModel: 'Xenova/bge-small-zh-v1.5' });
    expect(config.mongodbUri).toBeUndefined();
    // Scale-out settings: only used with REDIS_URL.
    expect(config).toMatchObject({ redisUrl: undefined, redisPrefix: 'cohort', presenceTtlMs: 15_000, trustProxy: 'loopback' });
  });

  test.each([
    [{ PORT: 'abc' }, /^Invalid PORT: /],
    [{ PORT: '70000' }, /^Invalid PORT: /],
    [{ STORE: 'postgres' }, /^Invalid STORE: /],
    [{ STORE: 'mongo' }, /^Invalid MONGODB_URI: required when STORE=mongo$/],
    [{ MONGODB_URI: 'http://x' }, /^Invalid MONGODB_URI: must start with mongodb:\/\//],
    [{ REDIS_URL: 'localhost:6379' }, /^Invalid REDIS_URL: /],
    [{ REDIS_PREFIX: 'has space' }, /^Invalid REDIS_PREFIX: /],
    [{ PRESENCE_TTL_SECONDS: '0' }, /^Invalid PRESENCE_TTL_SECONDS: /],
    [{ TRUST_PROXY: 'x;y' }, /^Invalid TRUST_PROXY: /],
    [{ SESSION_SECRET: 'short' }, /^Invalid SESSION_SECRET: must be at least 32 characters$/],
    [{ LOG_LEVEL: 'loud' }, /^Invalid LOG_LEVEL: /],
  ])('%j is refused with one line naming the variable', (env, message) => {
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: dir, ...env });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  test('without SESSION_SECRET a secret is generated once, kept with mode 0600, and reused', () => {
    const first = loadConfig({ DATA_DIR: dir });
    const file = path.join(dir, 'session-secret');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(first.sessionSecret.length).toBeGreaterThanOrEqual(32);
    const second = loadConfig({ DATA_DIR: dir });
    expect(Buffer.from(second.sessionSecret).equals(Buffer.from(first.sessionSecret))).toBe(true);
    const given = loadConfig({ DATA_DIR: dir, SESSION_SECRET: 'x'.repeat(40) });
    expect(new TextDecoder().decode(given.sessionSecret)).toBe('x'.repeat(40));
  });
});
