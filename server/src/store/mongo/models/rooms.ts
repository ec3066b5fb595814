import { roomKindSchema, roomVisibilitySchema } from '@cohort/shared';
import { Schema, type Connection, type Model } from 'mongoose';
import type { RoomRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, requiredString, schemaOptions, textField, type SchemaPaths } from './schemaOptions';

export type RoomDoc = RecordDoc<RoomRecord>;

export type RoomModel = Model<RoomDoc>;

export function roomModel(connection: Connection): RoomModel {
  const schema = new Schema<RoomDoc>(
    {
      _id: idField,
      name: textField,
      topic: textField,
      description: textField,
      visibility: { type: String, required: true, enum: roomVisibilitySchema.options },
      // Rooms stored before kinds existed have none: they read as topic rooms (see toRoom).
      kind: { type: String, enum: roomKindSchema.options, default: 'topic' },
      ownerId: requiredString,
      createdAt: requiredString,
    } satisfies SchemaPaths<RoomDoc>,
    schemaOptions,
  );
  schema.index({ visibility: 1, createdAt: -1, _id: -1 });
  return connection.model<RoomDoc>('Room', schema, 'rooms');
}
