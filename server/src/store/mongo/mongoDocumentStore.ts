import { newId } from '../ids';
import type { DocumentStore, StoredDocument } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import { bytesOf, toBuffer } from './mongoBytes';
import { isDuplicateKey, retryOnDuplicate } from './mongoErrors';

/** The counter that hands out a document's update seqs. */
const counterId = (docName: string): string => `docUpdates:${docName}`;

/** Seqs tried before giving up when every one is taken (which only a broken counter could cause). */
const MAX_SEQ_ATTEMPTS = 100;

export class MongoDocumentStore implements DocumentStore {
  private readonly snapshots;
  private readonly updates;
  private readonly counters;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.snapshots = models.docSnapshots;
    this.updates = models.docUpdates;
    this.counters = models.counters;
  }

  async appendUpdate(docName: string, update: Uint8Array): Promise<number> {
    return this.locks.run('docs', docName, async () => {
      // Seqs come from a counter that only ever grows (compaction drops updates, never the counter), so a
      // seq merged into a snapshot is never handed out again. The unique (docName, seq) index is the last
      // word: if a seq is somehow taken, take the next one.
      return retryOnDuplicate(
        'update seq',
        async () => {
          const seq = await this.nextSeq(docName);
          await this.updates.create({ _id: newId(), docName, seq, update: toBuffer(update), bytes: update.byteLength });
          return seq;
        },
        MAX_SEQ_ATTEMPTS,
      );
    });
  }

  async load(docName: string): Promise<StoredDocument> {
    // No read transaction to pair the snapshot with its log, so read the log first: compaction writes the
    // snapshot before it drops the updates, so a snapshot read afterwards covers every update that was gone
    // by then, and filtering on its seq yields a consistent pair.
    const logged = await this.updates.find({ docName }, { seq: 1, update: 1 }).sort({ seq: 1 }).lean();
    const snapshot = await this.snapshots.findById(docName).lean();
    const snapshotSeq = snapshot?.snapshotSeq ?? 0;
    return {
      snapshot: snapshot ? bytesOf(snapshot.state) : null,
      snapshotSeq,
      updates: logged.filter((u) => u.seq > snapshotSeq).map((u) => ({ seq: u.seq, update: bytesOf(u.update) })),
    };
  }

  async compact(docName: string, snapshot: Uint8Array, upToSeq: number): Promise<boolean> {
    return this.locks.run('docs', docName, async () => {
      // Write only over an older (or equal) snapshot. When the stored one is newer the filter misses, the
      // upsert tries to insert a second document with the same _id, and the duplicate key says "stale".
      try {
        await this.snapshots.updateOne(
          { _id: docName, snapshotSeq: { $lte: upToSeq } },
          { $set: { state: toBuffer(snapshot), snapshotSeq: upToSeq, bytes: snapshot.byteLength } },
          { upsert: true },
        );
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
      // Never hand out a seq at or below the snapshot, even if the caller compacted past the last append.
      await retryOnDuplicate('counter', () => this.counters.updateOne({ _id: counterId(docName) }, { $max: { seq: upToSeq } }, { upsert: true }));
      // Only now drop what the snapshot merged: a crash before this leaves extra updates that load() skips.
      await this.updates.deleteMany({ docName, seq: { $lte: upToSeq } });
      return true;
    });
  }

  async stats(docName: string): Promise<{ bytes: number; updates: number }> {
    // Sizes are summed here from the stored `bytes` fields: FerretDB's $group miscounts `$sum: 1`, and
    // the log between two compactions is short.
    const snapshot = await this.snapshots.findById(docName, { bytes: 1, snapshotSeq: 1 }).lean();
    const log = await this.updates.find({ docName, seq: { $gt: snapshot?.snapshotSeq ?? 0 } }, { bytes: 1 }).lean();
    return { bytes: (snapshot?.bytes ?? 0) + log.reduce((sum, u) => sum + u.bytes, 0), updates: log.length };
  }

  private async nextSeq(docName: string): Promise<number> {
    const counter = await retryOnDuplicate('counter', () =>
      this.counters.findOneAndUpdate({ _id: counterId(docName) }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean(),
    );
    if (!counter) throw new Error(`counter for ${docName} returned nothing`);
    return counter.seq;
  }
}
