import type { VersionRecord, VersionStore } from '../ports';
import type { SqliteDb } from './sqliteDatabase';
import { newVersionRecord } from '../newRecords';

interface VersionRow {
  id: string;
  notebook_id: string;
  label: string;
  author_id: string | null;
  auto: number;
  created_at: string;
}

const toRecord = (r: VersionRow): VersionRecord => ({
  id: r.id,
  notebookId: r.notebook_id,
  label: r.label,
  authorId: r.author_id,
  auto: r.auto !== 0,
  createdAt: r.created_at,
});

export class SqliteVersionStore implements VersionStore {
  private readonly insert;
  private readonly listOf;
  private readonly byId;

  constructor(db: SqliteDb) {
    this.insert = db.prepare<[string, string, string, string | null, number, Buffer, string]>(
      'INSERT INTO notebook_versions (id, notebook_id, label, author_id, auto, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    // The state blob is left out of listings: only findById needs it.
    this.listOf = db.prepare<[string], VersionRow>(
      `SELECT id, notebook_id, label, author_id, auto, created_at FROM notebook_versions
        WHERE notebook_id = ? ORDER BY created_at DESC, id DESC`,
    );
    this.byId = db.prepare<[string], VersionRow & { state: Buffer }>('SELECT * FROM notebook_versions WHERE id = ?');
  }

  async create(input: { notebookId: string; label: string; authorId: string | null; auto: boolean; state: Uint8Array }): Promise<VersionRecord> {
    const record = newVersionRecord(input);
    const state = Buffer.from(input.state.buffer, input.state.byteOffset, input.state.byteLength);
    this.insert.run(record.id, record.notebookId, record.label, record.authorId, record.auto ? 1 : 0, state, record.createdAt);
    return record;
  }

  async list(notebookId: string): Promise<VersionRecord[]> {
    return this.listOf.all(notebookId).map(toRecord);
  }

  async findById(id: string): Promise<(VersionRecord & { state: Uint8Array }) | null> {
    const row = this.byId.get(id);
    return row ? { ...toRecord(row), state: new Uint8Array(row.state) } : null;
  }
}
