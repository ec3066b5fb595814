import { MemoryRateLimiter, type BucketOptions, type RateLimiter } from '../domain/rateLimiter';
import { MemoryPresenceTracker } from '../realtime/presenceTracker';
import { MemoryTypingTracker } from '../realtime/typingTracker';
import type { Runtime } from './runtime';

/** One hub process serving alone: presence, typing and rate limits in memory; nothing to relay or exclude. */
export class LocalRuntime implements Runtime {
  readonly presence = new MemoryPresenceTracker();
  readonly typing: MemoryTypingTracker;

  constructor(options: { typingTtlMs: number }) {
    this.typing = new MemoryTypingTracker(options.typingTtlMs);
  }

  rateLimiter(_name: string, options: BucketOptions): RateLimiter {
    return new MemoryRateLimiter(options);
  }

  async relayContent(): Promise<void> {}

  async relaySessions(): Promise<void> {}

  attach(): void {}

  async close(): Promise<void> {}
}
