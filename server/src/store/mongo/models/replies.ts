import { Schema, type Connection, type Model } from 'mongoose';
import { idField, nullableString, requiredString, schemaOptions, textField } from './schemaOptions';

export interface ReplyDoc {
  _id: string;
  threadId: string;
  authorId: string;
  body: string;
  replyTo: string | null;
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
}

export type ReplyModel = Model<ReplyDoc>;

export function replyModel(connection: Connection): ReplyModel {
  const schema = new Schema<ReplyDoc>(
    {
      _id: idField,
      threadId: requiredString,
      authorId: requiredString,
      body: textField,
      replyTo: nullableString,
      createdAt: requiredString,
      editedAt: nullableString,
      deletedAt: nullableString,
    },
    schemaOptions,
  );
  schema.index({ threadId: 1, createdAt: 1, _id: 1 });
  schema.index({ authorId: 1 });
  return connection.model<ReplyDoc>('Reply', schema, 'replies');
}
