import os from 'node:os';
import type { mongo } from 'mongoose';
import { newId, nowIso } from '../ids';
import type { EmbeddedType, EmbeddingRecord, EmbeddingStore } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { EmbeddingDoc } from './models/embeddings';
import { bytesOf } from './mongoBytes';
import { updateElseInsert } from './mongoUpsert';

const littleEndian = os.endianness() === 'LE';

/** The vector as little-endian float32 bytes, whatever the host's byte order. */
function vectorToBuffer(vec: Float32Array): Buffer {
  if (littleEndian) return Buffer.from(vec.buffer, vec.byteOffset, vec.byteLength);
  const out = Buffer.alloc(vec.length * 4);
  vec.forEach((v, i) => out.writeFloatLE(v, i * 4));
  return out;
}

/** A fresh, aligned Float32Array from stored little-endian bytes. */
function bufferToVector(stored: mongo.Binary): Float32Array {
  const bytes = bytesOf(stored);
  const vec = new Float32Array(Math.floor(bytes.byteLength / 4));
  if (littleEndian) new Uint8Array(vec.buffer).set(bytes.subarray(0, vec.byteLength));
  else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < vec.length; i += 1) vec[i] = view.getFloat32(i * 4, true);
  }
  return vec;
}

/** An embedding as lean queries return it: binary fields come back as BSON Binary. */
type StoredEmbedding = Omit<EmbeddingDoc, 'vector'> & { vector: mongo.Binary };

const toRecord = (d: StoredEmbedding): EmbeddingRecord => ({
  type: d.type,
  id: d.itemId,
  field: d.field,
  model: d.model,
  contentHash: d.contentHash,
  vector: bufferToVector(d.vector),
  updatedAt: d.updatedAt,
});

export class MongoEmbeddingStore implements EmbeddingStore {
  private readonly embeddings;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.embeddings = models.embeddings;
  }

  async upsert(record: Omit<EmbeddingRecord, 'updatedAt'>): Promise<void> {
    const key = { type: record.type, itemId: record.id, field: record.field };
    const fields = { model: record.model, contentHash: record.contentHash, vector: vectorToBuffer(record.vector), updatedAt: nowIso() };
    await this.locks.run('embeddings', `${record.type}\u0000${record.id}\u0000${record.field}`, () =>
      updateElseInsert(
        'embedding',
        async () => ((await this.embeddings.updateOne(key, { $set: fields })).matchedCount > 0 ? true : null),
        async () => {
          await this.embeddings.create({ _id: newId(), ...key, ...fields });
          return true;
        },
      ),
    );
  }

  async find(type: EmbeddedType, id: string, field: string): Promise<EmbeddingRecord | null> {
    const doc = await this.embeddings.findOne({ type, itemId: id, field }).lean();
    return doc ? toRecord(doc) : null;
  }

  async listByType(type: EmbeddedType, model: string): Promise<EmbeddingRecord[]> {
    const docs = await this.embeddings.find({ type, model }).sort({ itemId: 1, field: 1 }).lean();
    return docs.map(toRecord);
  }

  async remove(type: EmbeddedType, id: string): Promise<number> {
    const result = await this.embeddings.deleteMany({ type, itemId: id });
    return result.deletedCount;
  }
}
