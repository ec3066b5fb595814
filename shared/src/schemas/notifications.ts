import { z } from 'zod';
import { NOTIFICATION_KINDS, NOTIFICATIONS_DEFAULT_LIMIT, NOTIFICATIONS_MAX_LIMIT, NOTIFICATIONS_MAX_READ_IDS, TEXT_LANGUAGES } from '../notificationKinds';
import { opaqueIdSchema } from './rooms';
import { publicUserSchema } from './users';

// ---------------------------------------------------------------- what the server sends

/** What a notification is about; `type` is open (room, thread, notebook today). */
export const notificationSubjectSchema = z
  .object({ type: z.string(), id: z.string(), title: z.string() })
  .meta({ id: 'NotificationSubject' });
export type NotificationSubject = z.infer<typeof notificationSubjectSchema>;

/** One notification as its reader sees it: `text` in the reader's language, `textCode` the same in machine form. */
export const notificationViewSchema = z
  .object({
    id: z.string(),
    /** Open list: see NOTIFICATION_KINDS for today's; a client shows an unknown kind by its text. */
    kind: z.string(),
    createdAt: z.string(),
    readAt: z.string().nullable(),
    actor: publicUserSchema.nullable(),
    subject: notificationSubjectSchema,
    text: z.string(),
    textCode: z.object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) }),
    /** How many events this one stands for (replies in one thread while it was unread). */
    count: z.number().int(),
  })
  .meta({ id: 'Notification' });
export type NotificationView = z.infer<typeof notificationViewSchema>;

/** GET /api/notifications */
export const notificationPageSchema = z
  .object({ notifications: z.array(notificationViewSchema), unread: z.number().int(), hasMore: z.boolean() })
  .meta({ id: 'NotificationPage' });
export type NotificationPage = z.infer<typeof notificationPageSchema>;

/** POST /api/notifications/read */
export const notificationUnreadSchema = z.object({ unread: z.number().int() }).meta({ id: 'NotificationUnread' });
export type NotificationUnread = z.infer<typeof notificationUnreadSchema>;

/** GET and PUT /api/me/notification-settings: every kind, true when it is on. */
export const notificationSettingsSchema = z
  .object(Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, z.boolean()])) as Record<(typeof NOTIFICATION_KINDS)[number], z.ZodBoolean>)
  .meta({ id: 'NotificationSettings' });
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

// ---------------------------------------------------------------- what the server accepts

/** `?lang=zh|en` beside Accept-Language, for every answer with server-written text. */
export const textLanguageSchema = z.enum(TEXT_LANGUAGES);

/** GET /api/notifications?before=&limit=&unread=true&lang= (unknown parameters are ignored). */
export const notificationListQuerySchema = z.object({
  before: opaqueIdSchema.optional(),
  limit: z.coerce
    .number()
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(NOTIFICATIONS_MAX_LIMIT, `must be at most ${NOTIFICATIONS_MAX_LIMIT}`)
    .optional()
    .default(NOTIFICATIONS_DEFAULT_LIMIT),
  unread: z.enum(['true', 'false'], 'must be true or false').optional().transform((v) => v === 'true'),
  lang: textLanguageSchema.optional(),
});
export type NotificationListQuery = z.infer<typeof notificationListQuerySchema>;

/** POST /api/notifications/read: some of the caller's notifications (`ids`), or all of them (`all: true`). */
export const notificationReadSchema = z
  .strictObject({
    ids: z.array(opaqueIdSchema).min(1, 'name at least one id').max(NOTIFICATIONS_MAX_READ_IDS, `at most ${NOTIFICATIONS_MAX_READ_IDS} ids`).optional(),
    all: z.literal(true, 'must be true').optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.ids === undefined) === (input.all === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either ids or all: true' });
    }
  });
export type NotificationReadInput = z.infer<typeof notificationReadSchema>;

/** PUT /api/me/notification-settings: the kinds to change; the others stay. */
export const notificationSettingsUpdateSchema = notificationSettingsSchema.partial().strict();
export type NotificationSettingsUpdate = z.infer<typeof notificationSettingsUpdateSchema>;
