import { newId, nowIso } from '../ids';
import type { NewNotification, NotificationListQuery, NotificationRecord, NotificationStore } from '../notificationPorts';
import { pageLimit } from '../pageLimit';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { NotificationDoc } from './models/notifications';

const toRecord = (d: NotificationDoc): NotificationRecord => ({
  id: d._id,
  userId: d.userId,
  kind: d.kind,
  actorId: d.actorId,
  subjectType: d.subjectType,
  subjectId: d.subjectId,
  groupKey: d.groupKey,
  count: d.count,
  params: { ...d.params },
  createdAt: d.createdAt,
  readAt: d.readAt,
});

export class MongoNotificationStore implements NotificationStore {
  private readonly notifications;
  private readonly settings;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.notifications = models.notifications;
    this.settings = models.notificationSettings;
  }

  async add(input: NewNotification): Promise<{ notification: NotificationRecord; grouped: boolean }> {
    const write = async (): Promise<{ notification: NotificationRecord; grouped: boolean }> => {
      const at = nowIso();
      if (input.groupKey !== null) {
        const folded = await this.notifications
          .findOneAndUpdate(
            { userId: input.userId, groupKey: input.groupKey, readAt: null },
            { $inc: { count: 1 }, $set: { actorId: input.actorId, params: input.params, createdAt: at } },
            { new: true },
          )
          .lean();
        if (folded) return { notification: toRecord(folded), grouped: true };
      }
      const doc: NotificationDoc = { _id: newId(), ...input, count: 1, createdAt: at, readAt: null };
      await this.notifications.create(doc);
      return { notification: toRecord(doc), grouped: false };
    };
    // Find-then-insert of one group runs under the group's lock, so two replies at once make one notification
    // (within one process; several processes may at worst leave two unread ones of a group).
    return input.groupKey === null ? write() : this.locks.run('notifications', `${input.userId}\u0000${input.groupKey}`, write);
  }

  async findById(id: string): Promise<NotificationRecord | null> {
    const doc = await this.notifications.findById(id).lean();
    return doc ? toRecord(doc) : null;
  }

  async list(userId: string, query: NotificationListQuery): Promise<{ notifications: NotificationRecord[]; hasMore: boolean }> {
    const limit = pageLimit(query.limit);
    const filter: Record<string, unknown> = { userId };
    if (query.unreadOnly) filter.readAt = null;
    if (query.beforeId !== undefined) {
      const anchor = await this.notifications.findById(query.beforeId).lean();
      if (!anchor || anchor.userId !== userId) return { notifications: [], hasMore: false };
      filter.$or = [{ createdAt: { $lt: anchor.createdAt } }, { createdAt: anchor.createdAt, _id: { $lt: anchor._id } }];
    }
    const docs = await this.notifications.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit + 1).lean();
    return { notifications: docs.slice(0, limit).map(toRecord), hasMore: docs.length > limit };
  }

  async countUnread(userId: string): Promise<number> {
    return this.notifications.countDocuments({ userId, readAt: null });
  }

  async markRead(userId: string, ids: readonly string[], at: string): Promise<number> {
    const result = await this.notifications.updateMany({ _id: { $in: [...new Set(ids)] }, userId, readAt: null }, { $set: { readAt: at } });
    return result.modifiedCount;
  }

  async markAllRead(userId: string, at: string): Promise<number> {
    const result = await this.notifications.updateMany({ userId, readAt: null }, { $set: { readAt: at } });
    return result.modifiedCount;
  }

  async disabledKinds(userId: string): Promise<string[]> {
    const doc = await this.settings.findById(userId).lean();
    return doc ? [...doc.disabled].sort() : [];
  }

  async setDisabledKinds(userId: string, kinds: readonly string[]): Promise<void> {
    await this.settings.updateOne({ _id: userId }, { $set: { disabled: [...new Set(kinds)] } }, { upsert: true });
  }
}
