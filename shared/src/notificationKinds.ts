// Zod-free, so the web client can import the kinds without the schemas.

/**
 * The kinds of notification the hub makes today, each of which a user can turn off. The list is open: `match`
 * and the resource kinds come later, so a client shows an unknown kind by its `text` alone.
 */
export const NOTIFICATION_KINDS = ['mention', 'reply', 'invite', 'role_changed'] as const;
export type NotificationKindName = (typeof NOTIFICATION_KINDS)[number];

/** The languages server-written text comes in. */
export const TEXT_LANGUAGES = ['en', 'zh'] as const;
export type TextLanguage = (typeof TEXT_LANGUAGES)[number];

export const NOTIFICATIONS_DEFAULT_LIMIT = 30;
export const NOTIFICATIONS_MAX_LIMIT = 100;
/** Ids one POST /api/notifications/read may name. */
export const NOTIFICATIONS_MAX_READ_IDS = 200;
