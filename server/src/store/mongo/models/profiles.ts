import { Schema, type Connection, type Model } from 'mongoose';
import type { ProfileFields } from '../../ports';
import { requiredString, schemaOptions, stringList, textField } from './schemaOptions';

/** One profile per user; `_id` is the user's id. */
export interface ProfileDoc extends ProfileFields {
  _id: string;
  updatedAt: string;
}

export type ProfileModel = Model<ProfileDoc>;

const nullableNumber = { type: Number, default: null } as const;

export function profileModel(connection: Connection): ProfileModel {
  const preferences = new Schema<ProfileFields['preferences']>(
    {
      requireSharedLanguage: { type: Boolean, default: false },
      minHoursPerWeek: nullableNumber,
      maxTimezoneDiffHours: nullableNumber,
    },
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
    },
    schemaOptions,
  );
  return connection.model<ProfileDoc>('Profile', schema, 'profiles');
}
