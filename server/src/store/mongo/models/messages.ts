import { Schema, type Connection, type Model } from 'mongoose';
import type { MessageRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, stringList, textField, type SchemaPaths } from './schemaOptions';

/** One emoji's reactions. An array of these (not a map) keeps emoji in first-reaction order. */
export interface ReactionDoc {
  emoji: string;
  userIds: string[];
}

export interface MessageDoc extends Omit<RecordDoc<MessageRecord>, 'reactions'> {
  reactions: ReactionDoc[];
  /** Bumped by every reaction change, so a toggle can write only if nobody changed them since it read. */
  rev: number;
}

export type MessageModel = Model<MessageDoc>;

export function messageModel(connection: Connection): MessageModel {
  const reaction = new Schema<ReactionDoc>(
    { emoji: requiredString, userIds: stringList } satisfies SchemaPaths<ReactionDoc>,
    { ...schemaOptions, _id: false },
  );
  const schema = new Schema<MessageDoc>(
    {
      _id: idField,
      roomId: requiredString,
      authorId: requiredString,
      body: textField,
      clientId: requiredString,
      mentions: stringList,
      reactions: { type: [reaction], default: [] },
      createdAt: requiredString,
      editedAt: nullableString,
      deletedAt: nullableString,
      rev: { type: Number, default: 0 },
    } satisfies SchemaPaths<MessageDoc>,
    schemaOptions,
  );
  schema.index({ authorId: 1, clientId: 1 }, { unique: true });
  schema.index({ roomId: 1, createdAt: 1, _id: 1 });
  return connection.model<MessageDoc>('Message', schema, 'messages');
}
