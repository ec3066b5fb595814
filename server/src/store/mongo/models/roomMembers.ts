import { Schema, type Connection, type Model } from 'mongoose';
import type { RoomRole } from '../../ports';
import { idField, nullableString, requiredString, schemaOptions } from './schemaOptions';

export interface RoomMemberDoc {
  /** A fresh id per membership: ties in joinedAt fall back to it, which is insertion order. */
  _id: string;
  roomId: string;
  userId: string;
  role: RoomRole;
  joinedAt: string;
  lastReadMessageId: string | null;
}

export type RoomMemberModel = Model<RoomMemberDoc>;

export function roomMemberModel(connection: Connection): RoomMemberModel {
  const schema = new Schema<RoomMemberDoc>(
    {
      _id: idField,
      roomId: requiredString,
      userId: requiredString,
      role: { type: String, required: true, enum: ['owner', 'moderator', 'member'] },
      joinedAt: requiredString,
      lastReadMessageId: nullableString,
    },
    schemaOptions,
  );
  schema.index({ roomId: 1, userId: 1 }, { unique: true });
  schema.index({ roomId: 1, joinedAt: 1, _id: 1 });
  schema.index({ userId: 1, joinedAt: 1 });
  return connection.model<RoomMemberDoc>('RoomMember', schema, 'roomMembers');
}
