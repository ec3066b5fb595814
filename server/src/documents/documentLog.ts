import * as Y from 'yjs';
import type { ExclusiveLock } from '../domain/exclusiveLock';
import type { Logger } from '../logger';
import type { DocumentStore } from '../store/ports';

/**
 * One document's durable log: loads snapshot + tail into a Y.Doc, appends updates, and compacts the log into a
 * snapshot. The room calls it from its one serial queue, so when `compact` runs every appended seq has been
 * applied to the document and the snapshot really is the merge of everything up to `lastSeq`.
 */
export class DocumentLog {
  /** Highest seq stored (in the log or merged into the snapshot). */
  private lastSeq = 0;
  /** Log entries not yet merged into the snapshot. */
  private unmerged = 0;
  /**
   * Set when a stored update could not be applied: the document then lacks something the log holds, and
   * compaction (which would drop that entry) is off for this load, so nothing is ever lost by it.
   */
  private damaged = false;

  constructor(
    private readonly store: DocumentStore,
    readonly docName: string,
    private readonly logger: Logger,
    /**
     * Set when several processes serve the document: compaction then takes this lock and builds the snapshot
     * from the store (what every process appended), since this process's copy may lag its peers' updates.
     */
    private readonly sharedCompaction?: ExclusiveLock,
  ) {}

  get pendingMerge(): number {
    return this.unmerged;
  }

  /** Applies the stored snapshot and every later update to `doc`, skipping (and logging) unreadable entries. */
  async loadInto(doc: Y.Doc): Promise<void> {
    const stored = await this.store.load(this.docName);
    if (stored.snapshot) this.applyStored(doc, stored.snapshot, stored.snapshotSeq);
    for (const { seq, update } of stored.updates) this.applyStored(doc, update, seq);
    this.lastSeq = Math.max(stored.snapshotSeq, stored.updates.at(-1)?.seq ?? 0);
    this.unmerged = stored.updates.length;
  }

  /** Appends one update; resolves when it is durable. */
  async append(update: Uint8Array): Promise<number> {
    const seq = await this.store.appendUpdate(this.docName, update);
    this.lastSeq = Math.max(this.lastSeq, seq);
    this.unmerged++;
    return seq;
  }

  /** The caller could not apply an update that is stored: keep the log as it is from now on. */
  markDamaged(): void {
    this.damaged = true;
  }

  /** Merges the log into a snapshot of `doc`, which must hold every appended update. */
  async compact(doc: Y.Doc): Promise<void> {
    if (this.unmerged === 0 || this.damaged) return;
    if (this.sharedCompaction) return this.compactShared();
    const upToSeq = this.lastSeq;
    const merged = this.unmerged;
    await this.store.compact(this.docName, Y.encodeStateAsUpdate(doc), upToSeq);
    // Appends only happen on the room's queue, which is waiting for us: nothing was added meanwhile.
    this.unmerged -= merged;
  }

  /**
   * Compaction by whichever process holds the document's lock (others skip: the holder merges for them):
   * the snapshot is the stored snapshot plus every stored update, merged in a fresh document.
   */
  private async compactShared(): Promise<void> {
    const merged = this.unmerged;
    const ran = await this.sharedCompaction!.runExclusive(`compact:${this.docName}`, async () => {
      const stored = await this.store.load(this.docName);
      if (stored.updates.length === 0) return;
      const fresh = new Y.Doc({ gc: true });
      try {
        if (stored.snapshot) Y.applyUpdate(fresh, stored.snapshot);
        // A stored update that cannot be applied throws here, and the log stays as it is.
        for (const { update } of stored.updates) Y.applyUpdate(fresh, update);
        await this.store.compact(this.docName, Y.encodeStateAsUpdate(fresh), stored.updates.at(-1)!.seq);
      } finally {
        fresh.destroy();
      }
    });
    if (ran) this.unmerged = Math.max(0, this.unmerged - merged);
  }

  /** Everything stored for the document (to catch up after relay messages may have been missed). */
  async storedUpdates(): Promise<Uint8Array[]> {
    const stored = await this.store.load(this.docName);
    return [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates.map((u) => u.update)];
  }

  private applyStored(doc: Y.Doc, update: Uint8Array, seq: number): void {
    try {
      Y.applyUpdate(doc, update);
    } catch (err) {
      this.damaged = true;
      this.logger.error({ err, docName: this.docName, seq }, 'stored document update could not be applied; compaction disabled for this document');
    }
  }
}
