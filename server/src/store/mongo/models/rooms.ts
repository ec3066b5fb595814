import { Schema, type Connection, type Model } from 'mongoose';
import type { RoomVisibility } from '../../ports';
import { idField, requiredString, schemaOptions, textField } from './schemaOptions';

export interface RoomDoc {
  _id: string;
  name: string;
  topic: string;
  description: string;
  visibility: RoomVisibility;
  ownerId: string;
  createdAt: string;
}

export type RoomModel = Model<RoomDoc>;

export function roomModel(connection: Connection): RoomModel {
  const schema = new Schema<RoomDoc>(
    {
      _id: idField,
      name: textField,
      topic: textField,
      description: textField,
      visibility: { type: String, required: true, enum: ['public', 'private'] },
      ownerId: requiredString,
      createdAt: requiredString,
    },
    schemaOptions,
  );
  schema.index({ visibility: 1, createdAt: -1, _id: -1 });
  return connection.model<RoomDoc>('Room', schema, 'rooms');
}
