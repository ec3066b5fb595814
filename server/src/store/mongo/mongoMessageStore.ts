import type { FilterQuery } from 'mongoose';
import { StoreConflictError, type MessagePage, type MessageRecord, type MessageStore } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { MessageDoc, ReactionDoc } from './models/messages';
import { isDuplicateKey } from './mongoErrors';
import { newMessageRecord } from '../newRecords';

type NewMessage = { roomId: string; authorId: string; body: string; clientId: string; mentions: string[] };

function reactionsRecord(reactions: readonly ReactionDoc[]): Record<string, string[]> {
  // A null-prototype object, so an emoji such as `__proto__` is an ordinary key.
  const out: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  for (const r of reactions) if (r.userIds.length > 0) out[r.emoji] = [...r.userIds];
  return { ...out };
}

const toRecord = (d: MessageDoc): MessageRecord => ({
  id: d._id,
  roomId: d.roomId,
  authorId: d.authorId,
  body: d.body,
  clientId: d.clientId,
  mentions: [...d.mentions],
  reactions: reactionsRecord(d.reactions),
  createdAt: d.createdAt,
  editedAt: d.editedAt,
  deletedAt: d.deletedAt,
});

/** The room's message order is (createdAt, _id); these select strictly before or after one message. */
const before = (key: { createdAt: string; _id: string }): FilterQuery<MessageDoc> => ({
  $or: [{ createdAt: { $lt: key.createdAt } }, { createdAt: key.createdAt, _id: { $lt: key._id } }],
});
const after = (key: { createdAt: string; _id: string }): FilterQuery<MessageDoc> => ({
  $or: [{ createdAt: { $gt: key.createdAt } }, { createdAt: key.createdAt, _id: { $gt: key._id } }],
});

export class MongoMessageStore implements MessageStore {
  private readonly messages;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.messages = models.messages;
  }

  async append(input: NewMessage): Promise<{ message: MessageRecord; created: boolean }> {
    // The unique (authorId, clientId) index decides between concurrent retries: one insert wins, the
    // others read the winner's message.
    const existing = await this.messages.findOne({ authorId: input.authorId, clientId: input.clientId }).lean();
    if (existing) return { message: toRecord(existing), created: false };
    const message = newMessageRecord(input);
    try {
      await this.messages.create({
        _id: message.id,
        roomId: message.roomId,
        authorId: message.authorId,
        body: message.body,
        clientId: message.clientId,
        mentions: message.mentions,
        reactions: [],
        createdAt: message.createdAt,
        editedAt: null,
        deletedAt: null,
        rev: 0,
      });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      const winner = await this.messages.findOne({ authorId: input.authorId, clientId: input.clientId }).lean();
      if (winner) return { message: toRecord(winner), created: false };
      throw new StoreConflictError('clientId');
    }
    return { message, created: true };
  }

  async findById(id: string): Promise<MessageRecord | null> {
    const doc = await this.messages.findById(id).lean();
    return doc ? toRecord(doc) : null;
  }

  async pageBefore(roomId: string, beforeId: string | null, limit: number): Promise<MessagePage> {
    if (limit <= 0) return { messages: [], hasMore: false };
    let filter: FilterQuery<MessageDoc> = { roomId };
    if (beforeId !== null) {
      const anchor = await this.keyOf(beforeId);
      if (!anchor) return { messages: [], hasMore: false };
      filter = { roomId, ...before(anchor) };
    }
    // Read newest-first so the limit takes the newest, one extra to learn whether more exist.
    const docs = await this.messages.find(filter).sort({ createdAt: -1, _id: -1 }).limit(limit + 1).lean();
    return { messages: docs.slice(0, limit).reverse().map(toRecord), hasMore: docs.length > limit };
  }

  async listAfter(roomId: string, afterId: string, limit: number): Promise<MessageRecord[]> {
    if (limit <= 0) return [];
    const anchor = await this.keyOf(afterId);
    if (!anchor) return [];
    const docs = await this.messages.find({ roomId, ...after(anchor) }).sort({ createdAt: 1, _id: 1 }).limit(limit).lean();
    return docs.map(toRecord);
  }

  async updateBody(id: string, body: string, editedAt: string): Promise<MessageRecord | null> {
    return this.locks.run('messages', id, async () => {
      // A deleted message stays deleted: an edit must not bring its body back.
      await this.messages.updateOne({ _id: id, deletedAt: null }, { $set: { body, editedAt } });
      return this.findById(id);
    });
  }

  async softDelete(id: string, deletedAt: string): Promise<MessageRecord | null> {
    return this.locks.run('messages', id, async () => {
      await this.messages.updateOne({ _id: id, deletedAt: null }, { $set: { body: '', deletedAt } });
      return this.findById(id);
    });
  }

  async toggleReaction(id: string, userId: string, emoji: string): Promise<MessageRecord | null> {
    return this.locks.run('messages', id, async () => {
      // Read, change, and write back only if `rev` is still what was read (FerretDB supports neither
      // positional updates nor arrayFilters, so the reaction list is rewritten whole). On MongoDB a
      // concurrent writer in another process makes the write miss, and the toggle goes round again.
      for (;;) {
        const doc = await this.messages.findById(id).lean();
        if (!doc) return null;
        const reactions = doc.reactions.map((r) => ({ emoji: r.emoji, userIds: [...r.userIds] }));
        const entry = reactions.find((r) => r.emoji === emoji);
        if (!entry) reactions.push({ emoji, userIds: [userId] });
        else if (entry.userIds.includes(userId)) entry.userIds = entry.userIds.filter((u) => u !== userId);
        else entry.userIds.push(userId);
        const next = reactions.filter((r) => r.userIds.length > 0);
        const updated = await this.messages
          .findOneAndUpdate({ _id: id, rev: doc.rev }, { $set: { reactions: next }, $inc: { rev: 1 } }, { new: true })
          .lean();
        if (updated) return toRecord(updated);
      }
    });
  }

  async countUnread(roomId: string, afterId: string | null, userId: string, username: string): Promise<{ unread: number; mentions: number }> {
    // An unknown marker counts as "nothing read yet".
    const anchor = afterId === null ? null : await this.keyOf(afterId);
    const filter: FilterQuery<MessageDoc> = { roomId, authorId: { $ne: userId }, deletedAt: null, ...(anchor ? after(anchor) : {}) };
    const [unread, mentions] = await Promise.all([
      this.messages.countDocuments(filter),
      this.messages.countDocuments({ ...filter, mentions: username.toLowerCase() }),
    ]);
    return { unread, mentions };
  }

  private async keyOf(id: string): Promise<{ createdAt: string; _id: string } | null> {
    return this.messages.findById(id, { _id: 1, createdAt: 1 }).lean();
  }
}
