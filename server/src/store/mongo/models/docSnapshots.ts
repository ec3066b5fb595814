import { Schema, type Connection, type Model } from 'mongoose';
import { idField, schemaOptions, type SchemaPaths } from './schemaOptions';

/** The merged state of one Yjs document; `_id` is the document name. */
export interface DocSnapshotDoc {
  _id: string;
  state: Buffer;
  snapshotSeq: number;
  /** state's length, so stats() can sum sizes without reading the bytes. */
  bytes: number;
}

export type DocSnapshotModel = Model<DocSnapshotDoc>;

export function docSnapshotModel(connection: Connection): DocSnapshotModel {
  const schema = new Schema<DocSnapshotDoc>(
    {
      _id: idField,
      state: { type: Buffer, required: true },
      snapshotSeq: { type: Number, required: true },
      bytes: { type: Number, required: true },
    } satisfies SchemaPaths<DocSnapshotDoc>,
    schemaOptions,
  );
  return connection.model<DocSnapshotDoc>('DocSnapshot', schema, 'docSnapshots');
}
