import type { ContentChanged, ContentEvents, ContentType } from '../domain/contentEvents';
import type { Logger } from '../logger';
import type { Redis } from './redisConnection';

const TYPES = new Set<ContentType>(['thread', 'reply', 'room', 'notebook', 'profile']);

/**
 * Shares `content.changed` between processes (Redis pub/sub on `<prefix>:content`), so each process's semantic
 * index follows changes made through any process. Events are tiny (type, id); a missed one (Redis away) is
 * caught by the index's start-up backfill at the next restart. Indexing the same change in several processes
 * is idempotent: content hashes skip what is already embedded and stored.
 */
export async function relayContentEvents(redis: Redis, events: ContentEvents, processId: string, prefix: string, logger: Logger): Promise<() => Promise<void>> {
  const channel = `${prefix}:content`;
  const fromPeers = new WeakSet<ContentChanged>();
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined);
  await subscriber.connect();
  await subscriber.subscribe(channel, (raw: string) => {
    try {
      const { p, e } = JSON.parse(raw) as { p?: unknown; e?: { type?: unknown; id?: unknown; deleted?: unknown } };
      if (p === processId || !e || !TYPES.has(e.type as ContentType) || typeof e.id !== 'string') return;
      const event: ContentChanged = { type: e.type as ContentType, id: e.id, ...(e.deleted === true ? { deleted: true } : {}) };
      fromPeers.add(event);
      events.emit(event);
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'content relay: unreadable message ignored');
    }
  });
  const unsubscribe = events.on((event) => {
    if (fromPeers.has(event)) return;
    redis.publish(channel, JSON.stringify({ p: processId, e: event })).catch(() => undefined);
  });
  return async () => {
    unsubscribe();
    await subscriber.quit().catch(() => undefined);
  };
}
