import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  notificationListQuerySchema,
  notificationPageSchema,
  notificationReadSchema,
  notificationSettingsSchema,
  notificationSettingsUpdateSchema,
  notificationUnreadSchema,
} from '@cohort/shared';
import { operationsOf } from './operation';

/** The caller's notifications and which kinds they hear of. */
export function registerNotificationPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'notifications');
  add({
    method: 'get',
    path: '/api/notifications',
    operationId: 'listNotifications',
    summary: "The caller's notifications, newest first; `text` in the caller's language (`lang`, else Accept-Language)",
    query: notificationListQuerySchema,
    responses: { 200: { description: 'A page of notifications and the unread count', schema: notificationPageSchema } },
  });
  add({
    method: 'post',
    path: '/api/notifications/read',
    operationId: 'markNotificationsRead',
    summary: 'Mark some (`ids`) or all (`all: true`) of the caller’s notifications read',
    body: notificationReadSchema,
    responses: { 200: { description: 'The unread count after', schema: notificationUnreadSchema } },
  });
  add({
    method: 'get',
    path: '/api/me/notification-settings',
    operationId: 'getNotificationSettings',
    summary: 'Which kinds of notification the caller is told of (true: on)',
    responses: { 200: { description: 'Every kind', schema: notificationSettingsSchema } },
  });
  add({
    method: 'put',
    path: '/api/me/notification-settings',
    operationId: 'updateNotificationSettings',
    summary: 'Turn kinds on or off; the kinds not given stay. A kind turned off is neither stored nor delivered',
    body: notificationSettingsUpdateSchema,
    responses: { 200: { description: 'Every kind after the change', schema: notificationSettingsSchema } },
  });
}
