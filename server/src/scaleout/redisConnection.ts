import { createHash } from 'node:crypto';
import { createClient, type RedisClientType } from 'redis';
import type { Logger } from '../logger';

export type Redis = RedisClientType;

/**
 * A Redis client for the hub's own shared state (presence, typing, rate limits, locks). Commands fail at once
 * while Redis is unreachable instead of queueing (callers degrade, see docs/operations.md); the client keeps
 * reconnecting in the background with a capped backoff.
 */
export async function connectRedis(url: string, logger: Logger, name: string, options: { queueWhileOffline?: boolean } = {}): Promise<Redis> {
  const client: Redis = createClient({
    url,
    name: `cohort-${name}`,
    disableOfflineQueue: !options.queueWhileOffline,
    socket: { reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 3000), connectTimeout: 5000 },
  });
  let down = false;
  client.on('error', (err: Error) => {
    // node-redis reports every failed reconnect attempt; one line per outage is enough.
    if (!down) logger.warn({ err, client: name }, 'redis unreachable; retrying');
    down = true;
  });
  client.on('ready', () => {
    if (down) logger.info({ client: name }, 'redis reachable again');
    down = false;
  });
  await client.connect();
  return client;
}

/** A Lua script run by EVALSHA, loaded again by EVAL when Redis does not know it (after a restart). */
export class RedisScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: string[], args: Array<string | number>): Promise<unknown> {
    const options = { keys, arguments: args.map(String) };
    try {
      return await redis.evalSha(this.sha, options);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.startsWith('NOSCRIPT')) throw err;
      return redis.eval(this.source, options);
    }
  }
}
