import { DISCUSSION_TYPES } from '@cohort/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { EmbeddedType, EmbeddingRecord } from '../../ports';
import { idField, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

/** `_id` is an id of its own: the record's `id` (the item's) is `itemId`, unique with type and field. */
export interface EmbeddingDoc extends Omit<EmbeddingRecord, 'id' | 'vector'> {
  _id: string;
  itemId: string;
  /** Little-endian float32 values. */
  vector: Buffer;
}

export type EmbeddingModel = Model<EmbeddingDoc>;

export function embeddingModel(connection: Connection): EmbeddingModel {
  const schema = new Schema<EmbeddingDoc>(
    {
      _id: idField,
      type: { type: String, required: true, enum: [...DISCUSSION_TYPES, 'profile'] satisfies EmbeddedType[] },
      itemId: requiredString,
      field: requiredString,
      model: requiredString,
      contentHash: requiredString,
      vector: { type: Buffer, required: true },
      updatedAt: requiredString,
    } satisfies SchemaPaths<EmbeddingDoc>,
    // `model` is a field here; mongoose reserves the name unless told it is wanted.
    { ...schemaOptions, suppressReservedKeysWarning: true },
  );
  schema.index({ type: 1, itemId: 1, field: 1 }, { unique: true });
  schema.index({ type: 1, model: 1, itemId: 1, field: 1 });
  return connection.model<EmbeddingDoc>('Embedding', schema, 'embeddings');
}
