import { Schema, type Connection, type Model } from 'mongoose';
import { idField, nullableString, requiredString, schemaOptions, stringList, textField } from './schemaOptions';

/** One emoji's reactions. An array of these (not a map) keeps emoji in first-reaction order. */
export interface ReactionDoc {
  emoji: string;
  userIds: string[];
}

export interface MessageDoc {
  _id: string;
  roomId: string;
  authorId: string;
  body: string;
  clientId: string;
  mentions: string[];
  reactions: ReactionDoc[];
  createdAt: string;
  editedAt: string | null;
  deletedAt: string | null;
  /** Bumped by every reaction change, so a toggle can write only if nobody changed them since it read. */
  rev: number;
}

export type MessageModel = Model<MessageDoc>;

export function messageModel(connection: Connection): MessageModel {
  const reaction = new Schema<ReactionDoc>(
    { emoji: requiredString, userIds: stringList },
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
    },
    schemaOptions,
  );
  schema.index({ authorId: 1, clientId: 1 }, { unique: true });
  schema.index({ roomId: 1, createdAt: 1, _id: 1 });
  return connection.model<MessageDoc>('Message', schema, 'messages');
}
