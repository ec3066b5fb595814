/**
 * The notification port, in a file of its own beside ports.ts (which re-exports it): one user's stored
 * notifications and which kinds they turned off. Same rules as every port (see ports.ts).
 */

export interface NotificationRecord {
  id: string;
  /** Whom it is for. */
  userId: string;
  /** Open list (`mention`, `reply`, ...): the store keeps any kind. */
  kind: string;
  /** Who caused it, or null (the hub itself). */
  actorId: string | null;
  subjectType: string;
  subjectId: string;
  /**
   * Notifications of a user with the same key fold into the unread one, if there is one (replies in one
   * thread). Null: never folded.
   */
  groupKey: string | null;
  /** How many events this one stands for. */
  count: number;
  /** What its text is made from (a title, a role, an excerpt), kept as written so any language can tell it later. */
  params: Record<string, string>;
  /** When the newest event it stands for happened: a folded notification moves up. */
  createdAt: string;
  readAt: string | null;
}

export type NewNotification = Pick<NotificationRecord, 'userId' | 'kind' | 'actorId' | 'subjectType' | 'subjectId' | 'groupKey' | 'params'>;

export interface NotificationListQuery {
  /** Only notifications older, in list order, than this one of the user's (exclusive). */
  beforeId?: string;
  unreadOnly: boolean;
  limit: number;
}

export interface NotificationStore {
  /**
   * Stores the notification. With a `groupKey` and an unread notification of the same user and key, that one
   * is updated instead (`grouped: true`): count + 1, the new actor, params and createdAt.
   */
  add(input: NewNotification): Promise<{ notification: NotificationRecord; grouped: boolean }>;
  findById(id: string): Promise<NotificationRecord | null>;
  /**
   * The user's notifications, newest first (createdAt, then id, descending).
   * @throws RangeError unless `limit` is a positive integer.
   */
  list(userId: string, query: NotificationListQuery): Promise<{ notifications: NotificationRecord[]; hasMore: boolean }>;
  countUnread(userId: string): Promise<number>;
  /** Marks these of the user's notifications read (others' ids and read ones are left alone); returns how many changed. */
  markRead(userId: string, ids: readonly string[], at: string): Promise<number>;
  /** Marks every unread notification of the user read; returns how many changed. */
  markAllRead(userId: string, at: string): Promise<number>;
  /** The kinds the user turned off (none if they never chose). */
  disabledKinds(userId: string): Promise<string[]>;
  /** Replaces the kinds the user turned off. */
  setDisabledKinds(userId: string, kinds: readonly string[]): Promise<void>;
}
