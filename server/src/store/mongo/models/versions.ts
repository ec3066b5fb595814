import { Schema, type Connection, type Model } from 'mongoose';
import type { VersionRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, textField, type SchemaPaths } from './schemaOptions';

export interface VersionDoc extends RecordDoc<VersionRecord> {
  /** The encoded Yjs state the version restores to. */
  state: Buffer;
}

export type VersionModel = Model<VersionDoc>;

export function versionModel(connection: Connection): VersionModel {
  const schema = new Schema<VersionDoc>(
    {
      _id: idField,
      notebookId: requiredString,
      label: textField,
      authorId: nullableString,
      auto: { type: Boolean, default: false },
      state: { type: Buffer, required: true },
      createdAt: requiredString,
    } satisfies SchemaPaths<VersionDoc>,
    schemaOptions,
  );
  schema.index({ notebookId: 1, createdAt: -1, _id: -1 });
  return connection.model<VersionDoc>('Version', schema, 'versions');
}
