import { Schema, type Connection, type Model } from 'mongoose';
import { idField, nullableString, requiredString, schemaOptions } from './schemaOptions';

export interface SessionDoc {
  _id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type SessionModel = Model<SessionDoc>;

export function sessionModel(connection: Connection): SessionModel {
  const schema = new Schema<SessionDoc>(
    {
      _id: idField,
      userId: requiredString,
      createdAt: requiredString,
      expiresAt: requiredString,
      revokedAt: nullableString,
    },
    schemaOptions,
  );
  schema.index({ expiresAt: 1 });
  schema.index({ userId: 1 });
  return connection.model<SessionDoc>('Session', schema, 'sessions');
}
