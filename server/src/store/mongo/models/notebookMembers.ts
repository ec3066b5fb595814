import { Schema, type Connection, type Model } from 'mongoose';
import type { NotebookRole } from '../../ports';
import { idField, requiredString, schemaOptions } from './schemaOptions';

export interface NotebookMemberDoc {
  _id: string;
  notebookId: string;
  userId: string;
  role: NotebookRole;
  addedAt: string;
}

export type NotebookMemberModel = Model<NotebookMemberDoc>;

export function notebookMemberModel(connection: Connection): NotebookMemberModel {
  const schema = new Schema<NotebookMemberDoc>(
    {
      _id: idField,
      notebookId: requiredString,
      userId: requiredString,
      role: { type: String, required: true, enum: ['owner', 'editor', 'viewer'] },
      addedAt: requiredString,
    },
    schemaOptions,
  );
  schema.index({ notebookId: 1, userId: 1 }, { unique: true });
  schema.index({ notebookId: 1, addedAt: 1, _id: 1 });
  schema.index({ userId: 1 });
  return connection.model<NotebookMemberDoc>('NotebookMember', schema, 'notebookMembers');
}
