import type { SessionEvents } from '../domain/sessionEvents';

/**
 * Sessions that ended in the last minute. A socket's handshake reads its session from the store and only
 * then becomes findable by session; a logout landing between the two would miss it. Each gateway asks
 * here once the socket is findable, so it is closed either way.
 */
export class EndedSessions {
  private readonly ended = new Map<string, number>();
  private readonly off: () => void;

  constructor(events: SessionEvents, private readonly rememberMs = 60_000) {
    this.off = events.on(({ sessionIds }) => {
      const now = Date.now();
      for (const [id, at] of this.ended) if (now - at > this.rememberMs) this.ended.delete(id);
      for (const id of sessionIds) this.ended.set(id, now);
    });
  }

  has(sessionId: string): boolean {
    return this.ended.has(sessionId);
  }

  close(): void {
    this.off();
  }
}
