/**
 * A typed in-process publish/subscribe channel: how the domain tells the realtime gateways and the semantic
 * layer what happened, without knowing about either. Listeners run synchronously, in subscription order,
 * after the write they describe is stored; they must not throw.
 */
export class EventBus<T> {
  private readonly listeners = new Set<(event: T) => void>();

  emit(event: T): void {
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Subscribes; the returned function unsubscribes. */
  on(listener: (event: T) => void): () => void {
    const own = (event: T) => listener(event);
    this.listeners.add(own);
    return () => this.listeners.delete(own);
  }
}
