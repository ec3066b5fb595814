import { Schema, type Connection, type Model } from 'mongoose';
import { idField, nullableString, requiredString, schemaOptions, textField } from './schemaOptions';

export interface VersionDoc {
  _id: string;
  notebookId: string;
  label: string;
  authorId: string | null;
  auto: boolean;
  state: Buffer;
  createdAt: string;
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
    },
    schemaOptions,
  );
  schema.index({ notebookId: 1, createdAt: -1, _id: -1 });
  return connection.model<VersionDoc>('Version', schema, 'versions');
}
