import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ContentEvents } from '../domain/contentEvents';
import type { SessionEvents } from '../domain/sessionEvents';
import type { BucketOptions, RateLimiter } from '../domain/rateLimiter';
import type { Logger } from '../logger';
import type { CohortIo } from '../realtime/socketServer';
import type { Runtime } from '../runtime/runtime';
import { relayContentEvents } from './redisContentRelay';
import { connectRedis, type Redis } from './redisConnection';
import { RedisDocumentRelay } from './redisDocumentRelay';
import { RedisLock } from './redisLock';
import { RedisPresenceTracker } from './redisPresenceTracker';
import { RedisRateLimiter } from './redisRateLimiter';
import { RedisTypingTracker } from './redisTypingTracker';
import { relaySessionEvents } from './redisSessionRelay';

export interface ScaleOutOptions {
  redisUrl: string;
  /** Prefix of every key, stream and channel (REDIS_PREFIX): lets several hubs share one Redis. */
  prefix: string;
  /** A crashed process's users drop out of presence within about this long (plus a third). */
  presenceTtlMs: number;
  typingTtlMs: number;
}

/**
 * What several hub processes share through Redis (REDIS_URL): Socket.io fan-out (the Redis Streams adapter,
 * which keeps connection-state recovery working across processes), presence, typing, rate limits, the
 * notebook relay, content-change events, and locks for work one process does at a time.
 * Without REDIS_URL the hub runs on LocalRuntime, the in-memory implementations of the same interfaces.
 */
export class ScaleOut implements Runtime {
  /** Unique per process start: names this process's presence entries and its heartbeat. */
  readonly processId = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  readonly presence: RedisPresenceTracker;
  readonly typing: RedisTypingTracker;
  /** Notebook updates and awareness between the processes holding the same document; compaction one process at a time (30 s expiry). */
  readonly documents: { relay: RedisDocumentRelay; compaction: RedisLock };
  /** Topic cluster recomputation, one process at a time (5 min expiry: it can take a while on a big corpus). */
  readonly clusterLock: RedisLock;
  private stopContentRelay: (() => Promise<void>) | undefined;
  private stopSessionRelay: (() => Promise<void>) | undefined;

  private constructor(
    /** Fails fast while Redis is away: for presence, typing, limits and locks. */
    readonly redis: Redis,
    /** The Socket.io adapter's publisher, failing fast too (see attach). */
    private readonly adapterRedis: Redis,
    /** The notebook relay's blocking reader: queues while Redis is away, so its loop waits rather than spins. */
    private readonly relayReader: Redis,
    private readonly options: ScaleOutOptions,
    private readonly logger: Logger,
  ) {
    this.presence = new RedisPresenceTracker(redis, { processId: this.processId, prefix: options.prefix, ttlMs: options.presenceTtlMs }, logger);
    this.typing = new RedisTypingTracker(redis, options.prefix, this.processId, options.typingTtlMs, logger);
    this.documents = {
      relay: new RedisDocumentRelay(redis, relayReader, this.processId, options.prefix, logger),
      compaction: new RedisLock(redis, options.prefix, 30_000, logger),
    };
    this.clusterLock = new RedisLock(redis, options.prefix, 300_000, logger);
  }

  static async connect(options: ScaleOutOptions, logger: Logger): Promise<ScaleOut> {
    const redis = await connectRedis(options.redisUrl, logger, 'state');
    const adapterRedis = await connectRedis(options.redisUrl, logger, 'socket.io');
    const relayReader = await connectRedis(options.redisUrl, logger, 'notebook-relay', { queueWhileOffline: true });
    const scale = new ScaleOut(redis, adapterRedis, relayReader, options, logger);
    await scale.presence.start();
    logger.info({ processId: scale.processId }, 'scale-out: sharing state with the other hub processes through redis');
    return scale;
  }

  rateLimiter(name: string, options: BucketOptions): RateLimiter {
    return new RedisRateLimiter(this.redis, `${this.options.prefix}:rate:${name}`, options, this.logger);
  }

  /**
   * Puts Socket.io on the Redis Streams adapter. The adapter awaits its XADD before delivering a broadcast
   * locally and swallows a failed one, so its publishing client fails fast while Redis is away (local
   * clients keep getting messages); the clients it duplicates for its blocking XREAD loop must queue
   * instead, or that loop would spin.
   */
  attach(io: CohortIo): void {
    const publisher = this.adapterRedis;
    const duplicate = publisher.duplicate.bind(publisher);
    const queueing = ((overrides?: Parameters<typeof duplicate>[0]) => duplicate({ ...overrides, disableOfflineQueue: false })) as typeof publisher.duplicate;
    publisher.duplicate = queueing;
    io.adapter(
      createAdapter(publisher, {
        streamName: `${this.options.prefix}:socket.io`,
        channelPrefix: `${this.options.prefix}:socket.io`,
        sessionKeyPrefix: `${this.options.prefix}:sio:session:`,
        blockTimeInMs: 2000,
      }),
    );
  }

  /** Content changes made through any process reach this process's listeners (the semantic index) too. */
  async relayContent(events: ContentEvents): Promise<void> {
    this.stopContentRelay = await relayContentEvents(this.redis, events, this.processId, this.options.prefix, this.logger);
  }

  /** Ended sessions announced by any process close their sockets in this one too. */
  async relaySessions(events: SessionEvents): Promise<void> {
    this.stopSessionRelay = await relaySessionEvents(this.redis, events, this.processId, this.options.prefix, this.logger);
  }

  /** Leaves presence, stops the adapter's stream reader and disconnects. */
  async close(io?: CohortIo): Promise<void> {
    this.typing.close();
    io?.of('/').adapter.close();
    await this.presence.close();
    await this.documents.relay.close();
    await this.stopContentRelay?.();
    await this.stopSessionRelay?.();
    await Promise.allSettled([this.redis.quit(), this.adapterRedis.quit(), this.relayReader.quit()]);
  }
}
