import type { NotificationPage, NotificationSettings, NotificationUnread } from '@cohort/shared';
import { api } from '../../api/http';

/** The server writes the text in the language asked for: the UI's, not the browser's. */
export function fetchNotifications(lang: string, options: { before?: string; unreadOnly?: boolean; limit?: number } = {}): Promise<NotificationPage> {
  const q = new URLSearchParams({ lang: lang === 'zh' ? 'zh' : 'en', limit: String(options.limit ?? 30) });
  if (options.before) q.set('before', options.before);
  if (options.unreadOnly) q.set('unread', 'true');
  return api<NotificationPage>('GET', `/api/notifications?${q.toString()}`);
}

export const markNotificationsRead = (input: { ids: string[] } | { all: true }) => api<NotificationUnread>('POST', '/api/notifications/read', input);
export const fetchNotificationSettings = () => api<NotificationSettings>('GET', '/api/me/notification-settings');
export const saveNotificationSettings = (patch: Partial<NotificationSettings>) => api<NotificationSettings>('PUT', '/api/me/notification-settings', patch);

/** Where a notification's subject lives in the client. */
export function subjectHref(subject: { type: string; id: string }): string {
  if (subject.type === 'room') return `/rooms/${subject.id}`;
  if (subject.type === 'notebook') return `/notebooks/${subject.id}`;
  if (subject.type === 'thread') return `/threads/${subject.id}`;
  return '/notifications';
}
