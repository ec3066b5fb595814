import { Schema, type Connection, type Model } from 'mongoose';
import { idField, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

/** One appended Yjs update. */
export interface DocUpdateDoc {
  _id: string;
  docName: string;
  seq: number;
  update: Buffer;
  bytes: number;
}

export type DocUpdateModel = Model<DocUpdateDoc>;

export function docUpdateModel(connection: Connection): DocUpdateModel {
  const schema = new Schema<DocUpdateDoc>(
    {
      _id: idField,
      docName: requiredString,
      seq: { type: Number, required: true },
      update: { type: Buffer, required: true },
      bytes: { type: Number, required: true },
    } satisfies SchemaPaths<DocUpdateDoc>,
    schemaOptions,
  );
  // Unique: whatever goes wrong with seq allocation, one seq can never hold two updates.
  schema.index({ docName: 1, seq: 1 }, { unique: true });
  return connection.model<DocUpdateDoc>('DocUpdate', schema, 'docUpdates');
}
