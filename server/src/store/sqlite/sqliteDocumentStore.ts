import type { DocumentStore, StoredDocument } from '../ports';
import type { SqliteDb } from './sqliteDatabase';

interface SnapshotRow {
  state: Buffer;
  snapshot_seq: number;
}

interface UpdateRow {
  seq: number;
  update_data: Buffer;
}

/** Bind a Uint8Array as a BLOB without copying it. */
const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** A plain Uint8Array copy of what the driver returned, so callers never hold a driver-owned Buffer. */
const toBytes = (buf: Buffer): Uint8Array => new Uint8Array(buf);

export class SqliteDocumentStore implements DocumentStore {
  private readonly snapshotOf;
  private readonly updatesAfter;
  private readonly lastSeq;
  private readonly insertUpdate;
  private readonly writeSnapshot;
  private readonly dropUpdatesUpTo;
  private readonly sizes;
  private readonly appendTx;
  private readonly loadTx;
  private readonly compactTx;

  constructor(db: SqliteDb) {
    this.snapshotOf = db.prepare<[string], SnapshotRow>('SELECT state, snapshot_seq FROM doc_snapshots WHERE doc_name = ?');
    this.updatesAfter = db.prepare<[string, number], UpdateRow>(
      'SELECT seq, update_data FROM doc_updates WHERE doc_name = ? AND seq > ? ORDER BY seq',
    );
    // The next seq follows both the log and the snapshot, so a seq merged away by compaction is never reused.
    this.lastSeq = db.prepare<{ doc: string }, { last: number }>(
      `SELECT MAX(COALESCE((SELECT MAX(seq) FROM doc_updates WHERE doc_name = @doc), 0),
                  COALESCE((SELECT snapshot_seq FROM doc_snapshots WHERE doc_name = @doc), 0)) AS last`,
    );
    this.insertUpdate = db.prepare<[string, number, Buffer]>('INSERT INTO doc_updates (doc_name, seq, update_data) VALUES (?, ?, ?)');
    this.writeSnapshot = db.prepare<[string, Buffer, number]>(
      `INSERT INTO doc_snapshots (doc_name, state, snapshot_seq) VALUES (?, ?, ?)
       ON CONFLICT (doc_name) DO UPDATE SET state = excluded.state, snapshot_seq = excluded.snapshot_seq`,
    );
    this.dropUpdatesUpTo = db.prepare<[string, number]>('DELETE FROM doc_updates WHERE doc_name = ? AND seq <= ?');
    this.sizes = db.prepare<{ doc: string }, { bytes: number; updates: number }>(
      `SELECT COALESCE((SELECT length(state) FROM doc_snapshots WHERE doc_name = @doc), 0)
              + COALESCE((SELECT SUM(length(update_data)) FROM doc_updates WHERE doc_name = @doc), 0) AS bytes,
              (SELECT COUNT(*) FROM doc_updates WHERE doc_name = @doc) AS updates`,
    );

    this.appendTx = db.transaction((docName: string, update: Uint8Array): number => {
      const seq = this.lastSeq.get({ doc: docName })!.last + 1;
      this.insertUpdate.run(docName, seq, asBuffer(update));
      return seq;
    });
    // One read transaction, so the snapshot and the log it is paired with are from the same moment.
    this.loadTx = db.transaction((docName: string): StoredDocument => {
      const snapshot = this.snapshotOf.get(docName);
      const snapshotSeq = snapshot?.snapshot_seq ?? 0;
      return {
        snapshot: snapshot ? toBytes(snapshot.state) : null,
        snapshotSeq,
        updates: this.updatesAfter.all(docName, snapshotSeq).map((r) => ({ seq: r.seq, update: toBytes(r.update_data) })),
      };
    });
    // Snapshot first, then the updates it merged, in one transaction: a crash leaves either the old state or the new.
    this.compactTx = db.transaction((docName: string, snapshot: Uint8Array, upToSeq: number): boolean => {
      const stored = this.snapshotOf.get(docName);
      if (stored && upToSeq < stored.snapshot_seq) return false;
      this.writeSnapshot.run(docName, asBuffer(snapshot), upToSeq);
      this.dropUpdatesUpTo.run(docName, upToSeq);
      return true;
    });
  }

  async appendUpdate(docName: string, update: Uint8Array): Promise<number> {
    return this.appendTx.immediate(docName, update);
  }

  async load(docName: string): Promise<StoredDocument> {
    return this.loadTx.deferred(docName);
  }

  async compact(docName: string, snapshot: Uint8Array, upToSeq: number): Promise<boolean> {
    return this.compactTx.immediate(docName, snapshot, upToSeq);
  }

  async stats(docName: string): Promise<{ bytes: number; updates: number }> {
    const row = this.sizes.get({ doc: docName });
    return { bytes: row?.bytes ?? 0, updates: row?.updates ?? 0 };
  }
}
