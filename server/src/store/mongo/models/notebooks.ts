import { Schema, type Connection, type Model } from 'mongoose';
import type { NotebookVisibility } from '../../ports';
import { idField, requiredString, schemaOptions, textField } from './schemaOptions';

export interface NotebookDoc {
  _id: string;
  title: string;
  ownerId: string;
  visibility: NotebookVisibility;
  createdAt: string;
  updatedAt: string;
}

export type NotebookModel = Model<NotebookDoc>;

export function notebookModel(connection: Connection): NotebookModel {
  const schema = new Schema<NotebookDoc>(
    {
      _id: idField,
      title: textField,
      ownerId: requiredString,
      visibility: { type: String, required: true, enum: ['private', 'community'] },
      createdAt: requiredString,
      updatedAt: requiredString,
    },
    schemaOptions,
  );
  schema.index({ visibility: 1, updatedAt: -1, _id: -1 });
  return connection.model<NotebookDoc>('Notebook', schema, 'notebooks');
}
