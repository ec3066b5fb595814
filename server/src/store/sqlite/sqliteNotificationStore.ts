import { newId, nowIso } from '../ids';
import type { NewNotification, NotificationListQuery, NotificationRecord, NotificationStore } from '../notificationPorts';
import { pageLimit } from '../pageLimit';
import type { SqliteDb } from './sqliteDatabase';

interface NotificationRow {
  id: string;
  user_id: string;
  kind: string;
  actor_id: string | null;
  subject_type: string;
  subject_id: string;
  group_key: string | null;
  count: number;
  params: string;
  created_at: string;
  read_at: string | null;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  actorId: r.actor_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  groupKey: r.group_key,
  count: r.count,
  params: JSON.parse(r.params) as Record<string, string>,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export class SqliteNotificationStore implements NotificationStore {
  private readonly insert;
  private readonly byId;
  private readonly unreadOfGroup;
  private readonly fold;
  private readonly addTx;
  private readonly unreadCount;
  private readonly readOne;
  private readonly readAll;
  private readonly readManyTx;
  private readonly disabled;
  private readonly clearDisabled;
  private readonly insertDisabled;
  private readonly setDisabledTx;

  constructor(private readonly db: SqliteDb) {
    this.insert = db.prepare(
      'INSERT INTO notifications (id, user_id, kind, actor_id, subject_type, subject_id, group_key, count, params, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
    );
    this.byId = db.prepare<[string], NotificationRow>('SELECT * FROM notifications WHERE id = ?');
    this.unreadOfGroup = db.prepare<[string, string], NotificationRow>('SELECT * FROM notifications WHERE user_id = ? AND group_key = ? AND read_at IS NULL');
    this.fold = db.prepare('UPDATE notifications SET count = count + 1, actor_id = ?, params = ?, created_at = ? WHERE id = ?');
    // One transaction, so the unread row of a group is found and folded into with nothing in between.
    this.addTx = db.transaction((input: NewNotification): { notification: NotificationRecord; grouped: boolean } => {
      const at = nowIso();
      const params = JSON.stringify(input.params);
      const open = input.groupKey === null ? undefined : this.unreadOfGroup.get(input.userId, input.groupKey);
      if (open) {
        this.fold.run(input.actorId, params, at, open.id);
        return { notification: toRecord(this.byId.get(open.id)!), grouped: true };
      }
      const id = newId();
      this.insert.run(id, input.userId, input.kind, input.actorId, input.subjectType, input.subjectId, input.groupKey, params, at);
      return { notification: toRecord(this.byId.get(id)!), grouped: false };
    });
    this.unreadCount = db.prepare<[string], { n: number }>('SELECT COUNT(*) AS n FROM notifications WHERE user_id = ? AND read_at IS NULL');
    this.readOne = db.prepare('UPDATE notifications SET read_at = ? WHERE id = ? AND user_id = ? AND read_at IS NULL');
    this.readAll = db.prepare('UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL');
    this.readManyTx = db.transaction((userId: string, ids: readonly string[], at: string): number => {
      let changed = 0;
      for (const id of new Set(ids)) changed += this.readOne.run(at, id, userId).changes;
      return changed;
    });
    this.disabled = db.prepare<[string], { kind: string }>('SELECT kind FROM notification_settings WHERE user_id = ? ORDER BY kind');
    this.clearDisabled = db.prepare('DELETE FROM notification_settings WHERE user_id = ?');
    this.insertDisabled = db.prepare('INSERT INTO notification_settings (user_id, kind) VALUES (?, ?)');
    this.setDisabledTx = db.transaction((userId: string, kinds: readonly string[]) => {
      this.clearDisabled.run(userId);
      for (const kind of new Set(kinds)) this.insertDisabled.run(userId, kind);
    });
  }

  async add(input: NewNotification): Promise<{ notification: NotificationRecord; grouped: boolean }> {
    return this.addTx(input);
  }

  async findById(id: string): Promise<NotificationRecord | null> {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  async list(userId: string, query: NotificationListQuery): Promise<{ notifications: NotificationRecord[]; hasMore: boolean }> {
    const limit = pageLimit(query.limit);
    const where = ['user_id = ?'];
    const args: Array<string | number> = [userId];
    if (query.unreadOnly) where.push('read_at IS NULL');
    if (query.beforeId !== undefined) {
      const anchor = this.byId.get(query.beforeId);
      if (!anchor || anchor.user_id !== userId) return { notifications: [], hasMore: false };
      where.push('(created_at < ? OR (created_at = ? AND id < ?))');
      args.push(anchor.created_at, anchor.created_at, anchor.id);
    }
    args.push(limit + 1);
    const rows = this.db
      .prepare<Array<string | number>, NotificationRow>(`SELECT * FROM notifications WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`)
      .all(...args);
    return { notifications: rows.slice(0, limit).map(toRecord), hasMore: rows.length > limit };
  }

  async countUnread(userId: string): Promise<number> {
    return this.unreadCount.get(userId)!.n;
  }

  async markRead(userId: string, ids: readonly string[], at: string): Promise<number> {
    return this.readManyTx(userId, ids, at);
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    return this.readAll.run(at, userId).changes;
  }

  async disabledKinds(userId: string): Promise<string[]> {
    return this.disabled.all(userId).map((r) => r.kind);
  }

  async setDisabledKinds(userId: string, kinds: readonly string[]): Promise<void> {
    this.setDisabledTx(userId, kinds);
  }
}
