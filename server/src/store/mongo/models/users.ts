import { Schema, type Connection, type Model } from 'mongoose';
import type { UserRecord } from '../../ports';
import type { RecordDoc } from './recordDoc';
import { idField, requiredString, schemaOptions, textField, type SchemaPaths } from './schemaOptions';

export interface UserDoc extends RecordDoc<UserRecord> {
  /** username lower-cased: the unique key, so names differing only in case clash. */
  usernameKey: string;
  /**
   * displayName as the people search compares it (see nameKey). Users stored before it existed get it when
   * the store opens (MongoUserStore.fillDisplayNameKeys).
   */
  displayNameKey?: string;
}

export type UserModel = Model<UserDoc>;

export function userModel(connection: Connection): UserModel {
  const schema = new Schema<UserDoc>(
    {
      _id: idField,
      username: requiredString,
      usernameKey: requiredString,
      displayName: textField,
      displayNameKey: { type: String },
      passwordHash: requiredString,
      createdAt: requiredString,
    } satisfies SchemaPaths<UserDoc>,
    schemaOptions,
  );
  schema.index({ usernameKey: 1 }, { unique: true });
  schema.index({ displayNameKey: 1 });
  return connection.model<UserDoc>('User', schema, 'users');
}
