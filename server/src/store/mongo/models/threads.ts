import { Schema, type Connection, type Model } from 'mongoose';
import type { ThreadRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, stringList, textField, type SchemaPaths } from './schemaOptions';

export interface ThreadDoc extends RecordDoc<ThreadRecord> {
  /** searchTermsOf(title, body, tags): what search() looks up, kept in step with every edit. */
  searchTerms: string[];
}

export type ThreadModel = Model<ThreadDoc>;

export function threadModel(connection: Connection): ThreadModel {
  const schema = new Schema<ThreadDoc>(
    {
      _id: idField,
      title: textField,
      body: textField,
      tags: stringList,
      authorId: requiredString,
      score: { type: Number, default: 0 },
      replyCount: { type: Number, default: 0 },
      createdAt: requiredString,
      editedAt: nullableString,
      deletedAt: nullableString,
      lastActivityAt: requiredString,
      searchTerms: stringList,
    } satisfies SchemaPaths<ThreadDoc>,
    schemaOptions,
  );
  // One index per listing order; every listing filters live threads (deletedAt null) first.
  schema.index({ deletedAt: 1, createdAt: -1, _id: -1 });
  schema.index({ deletedAt: 1, score: -1, _id: -1 });
  schema.index({ deletedAt: 1, lastActivityAt: -1, _id: -1 });
  schema.index({ tags: 1 });
  schema.index({ authorId: 1 });
  schema.index({ searchTerms: 1 });
  return connection.model<ThreadDoc>('Thread', schema, 'threads');
}
