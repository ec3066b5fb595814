import os from 'node:os';
import { nowIso } from '../ids';
import type { EmbeddedType, EmbeddingRecord, EmbeddingStore } from '../ports';
import type { SqliteDb } from './sqliteDatabase';

interface EmbeddingRow {
  type: EmbeddedType;
  item_id: string;
  field: string;
  model: string;
  content_hash: string;
  vector: Buffer;
  updated_at: string;
}

const littleEndian = os.endianness() === 'LE';

/** The vector as little-endian float32 bytes; on a little-endian host that is its own memory, uncopied. */
function vectorToBlob(vec: Float32Array): Buffer {
  if (littleEndian) return Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
  const out = Buffer.alloc(vec.length * 4);
  vec.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

/** A fresh, aligned Float32Array: the driver's Buffer may sit at any offset of a shared pool. */
function blobToVector(blob: Buffer): Float32Array {
  const vec = new Float32Array(Math.floor(blob.byteLength / 4));
  if (littleEndian) new Uint8Array(vec.buffer).set(blob.subarray(0, vec.byteLength));
  else for (let i = 0; i < vec.length; i++) vec[i] = blob.readFloatLE(i * 4);
  return vec;
}

const toRecord = (r: EmbeddingRow): EmbeddingRecord => ({
  type: r.type,
  id: r.item_id,
  field: r.field,
  model: r.model,
  contentHash: r.content_hash,
  vector: blobToVector(r.vector),
  updatedAt: r.updated_at,
});

export class SqliteEmbeddingStore implements EmbeddingStore {
  private readonly write;
  private readonly one;
  private readonly ofType;
  private readonly removeItem;

  constructor(db: SqliteDb) {
    this.write = db.prepare<[EmbeddedType, string, string, string, string, Buffer, string]>(
      `INSERT INTO embeddings (type, item_id, field, model, content_hash, vector, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (type, item_id, field) DO UPDATE
         SET model = excluded.model, content_hash = excluded.content_hash, vector = excluded.vector, updated_at = excluded.updated_at`,
    );
    this.one = db.prepare<[EmbeddedType, string, string], EmbeddingRow>('SELECT * FROM embeddings WHERE type = ? AND item_id = ? AND field = ?');
    this.ofType = db.prepare<[EmbeddedType, string], EmbeddingRow>('SELECT * FROM embeddings WHERE type = ? AND model = ? ORDER BY item_id, field');
    this.removeItem = db.prepare<[EmbeddedType, string]>('DELETE FROM embeddings WHERE type = ? AND item_id = ?');
  }

  async upsert(record: Omit<EmbeddingRecord, 'updatedAt'>): Promise<void> {
    this.write.run(record.type, record.id, record.field, record.model, record.contentHash, vectorToBlob(record.vector), nowIso());
  }

  async find(type: EmbeddedType, id: string, field: string): Promise<EmbeddingRecord | null> {
    const row = this.one.get(type, id, field);
    return row ? toRecord(row) : null;
  }

  async listByType(type: EmbeddedType, model: string): Promise<EmbeddingRecord[]> {
    return this.ofType.all(type, model).map(toRecord);
  }

  async remove(type: EmbeddedType, id: string): Promise<number> {
    return this.removeItem.run(type, id).changes;
  }
}
