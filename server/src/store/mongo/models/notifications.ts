import { Schema, type Connection, type Model } from 'mongoose';
import type { NotificationRecord } from '../../notificationPorts';
import type { RecordDoc } from './recordDoc';
import { idField, nullableString, requiredString, schemaOptions, stringList, type SchemaPaths } from './schemaOptions';

export type NotificationDoc = RecordDoc<NotificationRecord>;
export type NotificationModel = Model<NotificationDoc>;

export function notificationModel(connection: Connection): NotificationModel {
  const schema = new Schema<NotificationDoc>(
    {
      _id: idField,
      userId: requiredString,
      kind: requiredString,
      actorId: nullableString,
      subjectType: requiredString,
      subjectId: requiredString,
      groupKey: nullableString,
      count: { type: Number, required: true },
      params: { type: Schema.Types.Mixed, default: () => ({}) },
      createdAt: requiredString,
      readAt: nullableString,
    } satisfies SchemaPaths<NotificationDoc>,
    schemaOptions,
  );
  schema.index({ userId: 1, createdAt: -1, _id: -1 });
  schema.index({ userId: 1, groupKey: 1, readAt: 1 });
  return connection.model<NotificationDoc>('Notification', schema, 'notifications');
}

/** The kinds one user turned off; `_id` is the user's id. */
export interface NotificationSettingsDoc {
  _id: string;
  disabled: string[];
}

export function notificationSettingsModel(connection: Connection): Model<NotificationSettingsDoc> {
  const schema = new Schema<NotificationSettingsDoc>({ _id: idField, disabled: stringList } satisfies SchemaPaths<NotificationSettingsDoc>, schemaOptions);
  return connection.model<NotificationSettingsDoc>('NotificationSettings', schema, 'notification_settings');
}
