/**
 * Serialises read-modify-write operations on one document within this process.
 *
 * MongoDB applies single-document operators ($inc, conditional updates, findOneAndUpdate) atomically, and
 * the adapters rely on that. FerretDB 1.x on its SQLite backend does not: it reads the document, applies
 * the operator in its own memory and writes the whole document back, with nothing in between to stop a
 * concurrent write (100 concurrent `$inc: 1` end at ~20 there). Running every write to one document
 * through this lock makes those operations exact on FerretDB as long as one process writes, and costs
 * little on MongoDB (writes to different documents still run in parallel).
 *
 * The lock table is shared by every store in the process, keyed by database, so two stores opened on the
 * same database (a reopen, or two servers in one test) exclude each other too.
 */
export class DocumentLocks {
  private static readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly database: string) {}

  /** Runs `task` once every earlier task on the same document has settled. */
  async run<T>(collection: string, id: string, task: () => Promise<T>): Promise<T> {
    const key = `${this.database}\u0000${collection}\u0000${id}`;
    const tails = DocumentLocks.tails;
    const previous = tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => done);
    tails.set(key, tail);
    await previous;
    try {
      return await task();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  }
}
