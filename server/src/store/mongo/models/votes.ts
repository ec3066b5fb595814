import { Schema, type Connection, type Model } from 'mongoose';
import type { VoteValue } from '../../ports';
import { idField, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

export interface VoteDoc {
  _id: string;
  threadId: string;
  userId: string;
  value: VoteValue;
}

export type VoteModel = Model<VoteDoc>;

export function voteModel(connection: Connection): VoteModel {
  const schema = new Schema<VoteDoc>(
    {
      _id: idField,
      threadId: requiredString,
      userId: requiredString,
      value: { type: Number, required: true, enum: [-1, 0, 1] },
    } satisfies SchemaPaths<VoteDoc>,
    schemaOptions,
  );
  schema.index({ threadId: 1, userId: 1 }, { unique: true });
  schema.index({ userId: 1 });
  return connection.model<VoteDoc>('Vote', schema, 'votes');
}
