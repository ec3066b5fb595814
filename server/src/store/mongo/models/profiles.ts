import { Schema, type Connection, type Model } from 'mongoose';
import type { ProfileFields, ProfileRecord } from '../../ports';
import { requiredString, schemaOptions, stringList, textField, type SchemaPaths } from './schemaOptions';

/** One profile per user; `_id` is the user's id (the record's `userId`). */
export interface ProfileDoc extends Omit<ProfileRecord, 'userId'> {
  _id: string;
}

export type ProfileModel = Model<ProfileDoc>;

const nullableNumber = { type: Number, default: null } as const;

export function profileModel(connection: Connection): ProfileModel {
  const preferences = new Schema<ProfileFields['preferences']>(
    {
      requireSharedLanguage: { type: Boolean, default: false },
      minHoursPerWeek: nullableNumber,
      maxTimezoneDiffHours: nullableNumber,
    } satisfies SchemaPaths<ProfileFields['preferences']>,
    { ...schemaOptions, _id: false },
  );
  const schema = new Schema<ProfileDoc>(
    {
      _id: requiredString,
      bio: textField,
      role: textField,
      stage: textField,
      skills: stringList,
      interests: stringList,
      offers: stringList,
      needs: stringList,
      languages: stringList,
      timezone: textField,
      hoursPerWeek: nullableNumber,
      lookingFor: stringList,
      preferences: { type: preferences, required: true },
      updatedAt: requiredString,
    } satisfies SchemaPaths<ProfileDoc>,
    schemaOptions,
  );
  return connection.model<ProfileDoc>('Profile', schema, 'profiles');
}
