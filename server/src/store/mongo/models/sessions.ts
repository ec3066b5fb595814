import { Schema, type Connection, type Model } from 'mongoose';
import type { SessionRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, type SchemaPaths } from './schemaOptions';

export type SessionDoc = RecordDoc<SessionRecord>;

export type SessionModel = Model<SessionDoc>;

export function sessionModel(connection: Connection): SessionModel {
  const schema = new Schema<SessionDoc>(
    {
      _id: idField,
      userId: requiredString,
      createdAt: requiredString,
      expiresAt: requiredString,
      revokedAt: nullableString,
    } satisfies SchemaPaths<SessionDoc>,
    schemaOptions,
  );
  schema.index({ expiresAt: 1 });
  schema.index({ userId: 1 });
  return connection.model<SessionDoc>('Session', schema, 'sessions');
}
