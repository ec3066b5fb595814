import { notebookRoleNameSchema } from '@cohort/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { NotebookMemberRecord } from '../../ports';
import { idField, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

export interface NotebookMemberDoc extends NotebookMemberRecord {
  /** A fresh id per membership: ties in addedAt fall back to it, which is insertion order. */
  _id: string;
}

export type NotebookMemberModel = Model<NotebookMemberDoc>;

export function notebookMemberModel(connection: Connection): NotebookMemberModel {
  const schema = new Schema<NotebookMemberDoc>(
    {
      _id: idField,
      notebookId: requiredString,
      userId: requiredString,
      role: { type: String, required: true, enum: notebookRoleNameSchema.options },
      addedAt: requiredString,
    } satisfies SchemaPaths<NotebookMemberDoc>,
    schemaOptions,
  );
  schema.index({ notebookId: 1, userId: 1 }, { unique: true });
  schema.index({ notebookId: 1, addedAt: 1, _id: 1 });
  schema.index({ userId: 1 });
  return connection.model<NotebookMemberDoc>('NotebookMember', schema, 'notebookMembers');
}
