import { Schema, type Connection, type Model } from 'mongoose';
import { idField, requiredString, schemaOptions, textField } from './schemaOptions';

export interface UserDoc {
  _id: string;
  username: string;
  /** username lower-cased: the unique key, so names differing only in case clash. */
  usernameKey: string;
  displayName: string;
  passwordHash: string;
  createdAt: string;
}

export type UserModel = Model<UserDoc>;

export function userModel(connection: Connection): UserModel {
  const schema = new Schema<UserDoc>(
    {
      _id: idField,
      username: requiredString,
      usernameKey: requiredString,
      displayName: textField,
      passwordHash: requiredString,
      createdAt: requiredString,
    },
    schemaOptions,
  );
  schema.index({ usernameKey: 1 }, { unique: true });
  return connection.model<UserDoc>('User', schema, 'users');
}
