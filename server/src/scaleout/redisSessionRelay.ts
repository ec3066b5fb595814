import type { SessionEvents, SessionsRevoked } from '../domain/sessionEvents';
import type { Logger } from '../logger';
import type { Redis } from './redisConnection';
import { relayEvents } from './redisEventRelay';

/**
 * Ended sessions reach every process (`<prefix>:sessions`), so a logout closes the user's sockets wherever
 * they are connected. If Redis is away when one goes out, the socket on the other process stays open until
 * it reconnects (every reconnect is authenticated against the store, which already says revoked); the
 * revocation itself is stored before it is announced.
 */
export function relaySessionEvents(redis: Redis, events: SessionEvents, processId: string, prefix: string, logger: Logger): Promise<() => Promise<void>> {
  return relayEvents(redis, events, { channel: `${prefix}:sessions`, processId, parse: parseSessionsRevoked }, logger);
}

function parseSessionsRevoked(raw: unknown): SessionsRevoked | null {
  const ids = (raw as { sessionIds?: unknown } | null)?.sessionIds;
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 10_000 || !ids.every((id) => typeof id === 'string' && id.length <= 64)) return null;
  return { sessionIds: ids as string[] };
}
