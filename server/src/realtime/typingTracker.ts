/**
 * Who is typing where. Typing is a claim that runs out by itself `ttlMs` after the last refresh, so a
 * client that vanishes mid-sentence never leaves "is typing…" behind. Behind an interface so a Redis
 * tracker (keys with a TTL) can replace it when several processes serve.
 */
export interface TypingTracker {
  /** Starts or refreshes the claim; true when the user was not typing before. */
  start(roomId: string, userId: string): Promise<boolean>;
  /** Ends the claim; true when the user was typing. */
  stop(roomId: string, userId: string): Promise<boolean>;
  /** Called once for each claim that runs out without a refresh or stop. */
  onExpire(listener: (roomId: string, userId: string) => void): void;
  /** Drops every claim and timer (at shutdown). */
  close(): void;
}

/** Typing state for a single process: one timer per typing user and room. */
export class MemoryTypingTracker implements TypingTracker {
  private readonly timers = new Map<string, { roomId: string; userId: string; timer: NodeJS.Timeout }>();
  private readonly listeners: Array<(roomId: string, userId: string) => void> = [];

  constructor(private readonly ttlMs: number) {}

  async start(roomId: string, userId: string): Promise<boolean> {
    const key = `${roomId}\u0000${userId}`;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing.timer);
    const timer = setTimeout(() => this.expire(key), this.ttlMs);
    // A pending expiry must not keep the process alive at shutdown.
    timer.unref();
    this.timers.set(key, { roomId, userId, timer });
    return !existing;
  }

  async stop(roomId: string, userId: string): Promise<boolean> {
    const key = `${roomId}\u0000${userId}`;
    const existing = this.timers.get(key);
    if (!existing) return false;
    clearTimeout(existing.timer);
    this.timers.delete(key);
    return true;
  }

  onExpire(listener: (roomId: string, userId: string) => void): void {
    this.listeners.push(listener);
  }

  close(): void {
    for (const { timer } of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  private expire(key: string): void {
    const entry = this.timers.get(key);
    if (!entry) return;
    this.timers.delete(key);
    for (const listener of this.listeners) listener(entry.roomId, entry.userId);
  }
}
