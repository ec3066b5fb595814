import { Schema, type Connection, type Model } from 'mongoose';
import { idField, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

/**
 * The claim on a member set: `_id` is the set's key (see directKey), so the unique `_id` index lets exactly
 * one writer make the conversation of a set of people, without a multi-document transaction (FerretDB has none).
 */
export interface DirectRoomDoc {
  _id: string;
  roomId: string;
  createdAt: string;
}

export type DirectRoomModel = Model<DirectRoomDoc>;

export function directRoomModel(connection: Connection): DirectRoomModel {
  const schema = new Schema<DirectRoomDoc>(
    { _id: idField, roomId: requiredString, createdAt: requiredString } satisfies SchemaPaths<DirectRoomDoc>,
    schemaOptions,
  );
  return connection.model<DirectRoomDoc>('DirectRoom', schema, 'directRooms');
}
