import { NOTIFICATION_KINDS, type NotificationPage, type NotificationReadInput, type NotificationSettings, type NotificationSettingsUpdate, type NotificationView, type TextLanguage } from '@cohort/shared';
import type { NewNotification, NotificationRecord, Store } from '../store/ports';
import type { AuthorDirectory } from './authorDirectory';
import { ValidationError } from './errors';
import type { NotificationEvents } from './notificationEvents';
import { presentNotification } from './presenters';

export interface NotificationListOptions {
  before?: string;
  limit: number;
  unreadOnly: boolean;
  lang: TextLanguage;
}

/**
 * The rules of notifications: nobody is told of their own doing; a kind the user turned off is neither stored
 * nor delivered; what is stored is announced (NotificationEvents) for live delivery. Readers see only their own.
 */
export class NotificationService {
  constructor(
    private readonly store: Store,
    private readonly authors: AuthorDirectory,
    private readonly stored: NotificationEvents,
  ) {}

  /** Stores and announces one notification; null when it is not wanted (own doing, kind turned off). */
  async notify(input: NewNotification): Promise<NotificationRecord | null> {
    if (input.actorId !== null && input.actorId === input.userId) return null;
    const disabled = await this.store.notifications.disabledKinds(input.userId);
    if (disabled.includes(input.kind)) return null;
    const { notification } = await this.store.notifications.add(input);
    const unread = await this.store.notifications.countUnread(input.userId);
    this.stored.emit({ userId: input.userId, notification, unread });
    return notification;
  }

  /** The caller's notifications, newest first. */
  async list(userId: string, options: NotificationListOptions): Promise<NotificationPage> {
    if (options.before !== undefined) {
      const anchor = await this.store.notifications.findById(options.before);
      if (!anchor || anchor.userId !== userId) throw new ValidationError('Invalid before', { before: 'must be the id of one of your notifications' });
    }
    const [page, unread] = await Promise.all([
      this.store.notifications.list(userId, { beforeId: options.before, limit: options.limit, unreadOnly: options.unreadOnly }),
      this.store.notifications.countUnread(userId),
    ]);
    return { notifications: await this.presentMany(page.notifications, options.lang), unread, hasMore: page.hasMore };
  }

  /** Marks the named ones (ids of others' notifications are ignored) or all read; answers the unread count after. */
  async markRead(userId: string, input: NotificationReadInput): Promise<{ unread: number }> {
    const at = new Date().toISOString();
    if (input.all) await this.store.notifications.markAllRead(userId, at);
    else await this.store.notifications.markRead(userId, input.ids ?? [], at);
    return { unread: await this.store.notifications.countUnread(userId) };
  }

  async settings(userId: string): Promise<NotificationSettings> {
    const disabled = new Set(await this.store.notifications.disabledKinds(userId));
    return Object.fromEntries(NOTIFICATION_KINDS.map((kind) => [kind, !disabled.has(kind)])) as NotificationSettings;
  }

  /** Changes the kinds given; the others stay as they were. */
  async updateSettings(userId: string, patch: NotificationSettingsUpdate): Promise<NotificationSettings> {
    const current = await this.settings(userId);
    const next = { ...current, ...patch };
    await this.store.notifications.setDisabledKinds(userId, NOTIFICATION_KINDS.filter((kind) => !next[kind]));
    return next;
  }

  /** One notification for its reader, in their language (the live delivery uses it). */
  async present(record: NotificationRecord, lang: TextLanguage): Promise<NotificationView> {
    const [view] = await this.presentMany([record], lang);
    return view!;
  }

  private async presentMany(records: NotificationRecord[], lang: TextLanguage): Promise<NotificationView[]> {
    const actors = await this.authors.resolve(records.flatMap((r) => (r.actorId ? [r.actorId] : [])));
    return records.map((r) => presentNotification(r, r.actorId ? (actors.get(r.actorId) ?? null) : null, lang));
  }
}
