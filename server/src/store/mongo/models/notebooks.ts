import { notebookVisibilitySchema } from '@cohort/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { NotebookRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, requiredString, schemaOptions, textField, type SchemaPaths } from './schemaOptions';

export type NotebookDoc = RecordDoc<NotebookRecord>;

export type NotebookModel = Model<NotebookDoc>;

export function notebookModel(connection: Connection): NotebookModel {
  const schema = new Schema<NotebookDoc>(
    {
      _id: idField,
      title: textField,
      ownerId: requiredString,
      visibility: { type: String, required: true, enum: notebookVisibilitySchema.options },
      createdAt: requiredString,
      updatedAt: requiredString,
    } satisfies SchemaPaths<NotebookDoc>,
    schemaOptions,
  );
  schema.index({ visibility: 1, updatedAt: -1, _id: -1 });
  return connection.model<NotebookDoc>('Notebook', schema, 'notebooks');
}
