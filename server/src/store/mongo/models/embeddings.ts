import { Schema, type Connection, type Model } from 'mongoose';
import type { EmbeddedType } from '../../ports';
import { idField, requiredString, schemaOptions } from './schemaOptions';

export interface EmbeddingDoc {
  _id: string;
  type: EmbeddedType;
  itemId: string;
  field: string;
  model: string;
  contentHash: string;
  /** Little-endian float32 values. */
  vector: Buffer;
  updatedAt: string;
}

export type EmbeddingModel = Model<EmbeddingDoc>;

export function embeddingModel(connection: Connection): EmbeddingModel {
  const schema = new Schema<EmbeddingDoc>(
    {
      _id: idField,
      type: { type: String, required: true, enum: ['thread', 'room', 'notebook', 'profile'] },
      itemId: requiredString,
      field: requiredString,
      model: requiredString,
      contentHash: requiredString,
      vector: { type: Buffer, required: true },
      updatedAt: requiredString,
    },
    // `model` is a field here; mongoose reserves the name unless told it is wanted.
    { ...schemaOptions, suppressReservedKeysWarning: true },
  );
  schema.index({ type: 1, itemId: 1, field: 1 }, { unique: true });
  schema.index({ type: 1, model: 1, itemId: 1, field: 1 });
  return connection.model<EmbeddingDoc>('Embedding', schema, 'embeddings');
}
