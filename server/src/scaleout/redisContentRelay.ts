import type { ContentChanged, ContentEvents, ContentType } from '../domain/contentEvents';
import type { Logger } from '../logger';
import type { Redis } from './redisConnection';
import { relayEvents } from './redisEventRelay';

const TYPES = new Set<ContentType>(['thread', 'reply', 'room', 'notebook', 'profile']);

/**
 * Shares `content.changed` between processes (Redis pub/sub on `<prefix>:content`), so each process's semantic
 * index follows changes made through any process. Events are tiny (type, id); a missed one (Redis away) is
 * caught by the index's start-up backfill at the next restart. Indexing the same change in several processes
 * is idempotent: content hashes skip what is already embedded and stored.
 */
export function relayContentEvents(redis: Redis, events: ContentEvents, processId: string, prefix: string, logger: Logger): Promise<() => Promise<void>> {
  return relayEvents(redis, events, { channel: `${prefix}:content`, processId, parse: parseContentChanged }, logger);
}

function parseContentChanged(raw: unknown): ContentChanged | null {
  const e = raw as { type?: unknown; id?: unknown; deleted?: unknown } | null;
  if (!e || !TYPES.has(e.type as ContentType) || typeof e.id !== 'string') return null;
  return { type: e.type as ContentType, id: e.id, ...(e.deleted === true ? { deleted: true } : {}) };
}
