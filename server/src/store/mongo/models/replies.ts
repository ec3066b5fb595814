import { Schema, type Connection, type Model } from 'mongoose';
import type { ReplyRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, textField, type SchemaPaths } from './schemaOptions';

export type ReplyDoc = RecordDoc<ReplyRecord>;

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
    } satisfies SchemaPaths<ReplyDoc>,
    schemaOptions,
  );
  schema.index({ threadId: 1, createdAt: 1, _id: 1 });
  schema.index({ authorId: 1 });
  return connection.model<ReplyDoc>('Reply', schema, 'replies');
}
