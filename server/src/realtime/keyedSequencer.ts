/**
 * Runs tasks one at a time per key, in arrival order. The chat gateway runs "store a message, then broadcast
 * it" under the room's key, so every client receives a room's messages in the order they are stored, and a
 * resync's query and its joining of the live room cannot interleave with a send (no gap, no duplicate).
 */
export class KeyedSequencer {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget idle keys, so memory follows the rooms active right now.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
