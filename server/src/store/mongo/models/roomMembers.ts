import { roomRoleSchema } from '@cohort/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { RoomMemberRecord } from '../../ports';
import { idField, nullableString, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

export interface RoomMemberDoc extends RoomMemberRecord {
  /** A fresh id per membership: ties in joinedAt fall back to it, which is insertion order. */
  _id: string;
}

export type RoomMemberModel = Model<RoomMemberDoc>;

export function roomMemberModel(connection: Connection): RoomMemberModel {
  const schema = new Schema<RoomMemberDoc>(
    {
      _id: idField,
      roomId: requiredString,
      userId: requiredString,
      role: { type: String, required: true, enum: roomRoleSchema.options },
      joinedAt: requiredString,
      lastReadMessageId: nullableString,
    } satisfies SchemaPaths<RoomMemberDoc>,
    schemaOptions,
  );
  schema.index({ roomId: 1, userId: 1 }, { unique: true });
  schema.index({ roomId: 1, joinedAt: 1, _id: 1 });
  schema.index({ userId: 1, joinedAt: 1 });
  return connection.model<RoomMemberDoc>('RoomMember', schema, 'roomMembers');
}
