import type { EventBus } from '../domain/eventBus';
import type { Logger } from '../logger';
import type { Redis } from './redisConnection';

/**
 * Shares an in-process event bus between hub processes over Redis pub/sub: what this process emits is
 * published, what peers publish is emitted here (never echoed back). Messages are untrusted input from
 * the wire: `parse` turns one into an event or refuses it (null), and a refused one is logged and dropped.
 * Pub/sub has no memory: a peer that is away when an event goes out does not get it, so only use it for
 * events whose loss something else repairs (see each caller).
 */
export async function relayEvents<T extends object>(
  redis: Redis,
  bus: EventBus<T>,
  options: { channel: string; processId: string; parse: (event: unknown) => T | null },
  logger: Logger,
): Promise<() => Promise<void>> {
  const fromPeers = new WeakSet<T>();
  const subscriber = redis.duplicate();
  subscriber.on('error', () => undefined);
  await subscriber.connect();
  await subscriber.subscribe(options.channel, (raw: string) => {
    let event: T | null = null;
    try {
      const { p, e } = JSON.parse(raw) as { p?: unknown; e?: unknown };
      if (p === options.processId) return;
      event = options.parse(e);
    } catch {
      event = null;
    }
    if (!event) return logger.warn({ channel: options.channel }, 'event relay: unreadable message ignored');
    fromPeers.add(event);
    bus.emit(event);
  });
  const unsubscribe = bus.on((event) => {
    if (fromPeers.has(event)) return;
    redis.publish(options.channel, JSON.stringify({ p: options.processId, e: event })).catch(() => undefined);
  });
  return async () => {
    unsubscribe();
    await subscriber.quit().catch(() => undefined);
  };
}
