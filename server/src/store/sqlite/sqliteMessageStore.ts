import { StoreConflictError, type MessagePage, type MessageRecord, type MessageStore } from '../ports';
import { isUniqueViolation, type SqliteDb } from './sqliteDatabase';
import { newMessageRecord } from '../newRecords';

interface MessageRow {
  id: string;
  room_id: string;
  author_id: string;
  body: string;
  client_id: string;
  mentions: string;
  reactions: string;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

interface MessageKeyRow {
  created_at: string;
  id: string;
}

type NewMessage = { roomId: string; authorId: string; body: string; clientId: string; mentions: string[] };

const toRecord = (r: MessageRow): MessageRecord => ({
  id: r.id,
  roomId: r.room_id,
  authorId: r.author_id,
  body: r.body,
  clientId: r.client_id,
  mentions: JSON.parse(r.mentions) as string[],
  reactions: JSON.parse(r.reactions) as Record<string, string[]>,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
});

export class SqliteMessageStore implements MessageStore {
  private readonly insert;
  private readonly byId;
  private readonly byClientId;
  private readonly keyOf;
  private readonly newest;
  private readonly olderThan;
  private readonly newerThan;
  private readonly setBody;
  private readonly blank;
  private readonly setReactions;
  private readonly unreadAll;
  private readonly unreadAfter;
  private readonly appendTx;
  private readonly toggleTx;

  constructor(db: SqliteDb) {
    this.insert = db.prepare<[string, string, string, string, string, string, string]>(
      `INSERT INTO messages (id, room_id, author_id, body, client_id, mentions, reactions, created_at)
       VALUES (?, ?, ?, ?, ?, ?, '{}', ?)`,
    );
    this.byId = db.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
    this.byClientId = db.prepare<[string, string], MessageRow>('SELECT * FROM messages WHERE author_id = ? AND client_id = ?');
    this.keyOf = db.prepare<[string], MessageKeyRow>('SELECT created_at, id FROM messages WHERE id = ?');
    // Pages are read newest-first (so LIMIT takes the newest) and reversed in code.
    this.newest = db.prepare<[string, number], MessageRow>(
      'SELECT * FROM messages WHERE room_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    );
    this.olderThan = db.prepare<[string, string, string, number], MessageRow>(
      'SELECT * FROM messages WHERE room_id = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?',
    );
    this.newerThan = db.prepare<[string, string, string, number], MessageRow>(
      'SELECT * FROM messages WHERE room_id = ? AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
    );
    // A deleted message stays deleted: an edit must not bring its body back.
    this.setBody = db.prepare<[string, string, string]>('UPDATE messages SET body = ?, edited_at = ? WHERE id = ? AND deleted_at IS NULL');
    this.blank = db.prepare<[string, string]>("UPDATE messages SET body = '', deleted_at = COALESCE(deleted_at, ?) WHERE id = ?");
    this.setReactions = db.prepare<[string, string]>('UPDATE messages SET reactions = ? WHERE id = ?');
    const unread = (after: string): string => `
      SELECT COUNT(*) AS unread,
             COALESCE(SUM(EXISTS (SELECT 1 FROM json_each(m.mentions) WHERE json_each.value = lower(@username))), 0) AS mentions
        FROM messages m
       WHERE m.room_id = @roomId AND m.author_id != @userId AND m.deleted_at IS NULL ${after}`;
    this.unreadAll = db.prepare<{ roomId: string; userId: string; username: string }, { unread: number; mentions: number }>(unread(''));
    this.unreadAfter = db.prepare<
      { roomId: string; userId: string; username: string; createdAt: string; id: string },
      { unread: number; mentions: number }
    >(unread('AND (m.created_at, m.id) > (@createdAt, @id)'));

    // The idempotency check and the insert are one step, so a retried send never stores twice.
    this.appendTx = db.transaction((input: NewMessage): { message: MessageRecord; created: boolean } => {
      const existing = this.byClientId.get(input.authorId, input.clientId);
      if (existing) return { message: toRecord(existing), created: false };
      const message = newMessageRecord(input);
      this.insert.run(message.id, message.roomId, message.authorId, message.body, message.clientId, JSON.stringify(message.mentions), message.createdAt);
      return { message, created: true };
    });
    this.toggleTx = db.transaction((id: string, userId: string, emoji: string): MessageRecord | null => {
      const row = this.byId.get(id);
      if (!row) return null;
      const message = toRecord(row);
      // A Map, so an emoji such as `__proto__` is an ordinary key.
      const reactions = new Map(Object.entries(message.reactions));
      const users = reactions.get(emoji) ?? [];
      const next = users.includes(userId) ? users.filter((u) => u !== userId) : [...users, userId];
      if (next.length > 0) reactions.set(emoji, next);
      else reactions.delete(emoji);
      message.reactions = Object.fromEntries(reactions);
      this.setReactions.run(JSON.stringify(message.reactions), id);
      return message;
    });
  }

  async append(input: NewMessage): Promise<{ message: MessageRecord; created: boolean }> {
    try {
      return this.appendTx.immediate(input);
    } catch (err) {
      if (isUniqueViolation(err)) {
        // Another connection won the race for this clientId: theirs is the message.
        const existing = this.byClientId.get(input.authorId, input.clientId);
        if (existing) return { message: toRecord(existing), created: false };
        throw new StoreConflictError('clientId');
      }
      throw err;
    }
  }

  async findById(id: string): Promise<MessageRecord | null> {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  async pageBefore(roomId: string, beforeId: string | null, limit: number): Promise<MessagePage> {
    if (limit <= 0) return { messages: [], hasMore: false };
    let rows: MessageRow[];
    if (beforeId === null) {
      rows = this.newest.all(roomId, limit + 1);
    } else {
      const before = this.keyOf.get(beforeId);
      if (!before) return { messages: [], hasMore: false };
      rows = this.olderThan.all(roomId, before.created_at, before.id, limit + 1);
    }
    const hasMore = rows.length > limit;
    return { messages: rows.slice(0, limit).reverse().map(toRecord), hasMore };
  }

  async listAfter(roomId: string, afterId: string, limit: number): Promise<MessageRecord[]> {
    if (limit <= 0) return [];
    const after = this.keyOf.get(afterId);
    if (!after) return [];
    return this.newerThan.all(roomId, after.created_at, after.id, limit).map(toRecord);
  }

  async updateBody(id: string, body: string, editedAt: string): Promise<MessageRecord | null> {
    this.setBody.run(body, editedAt, id);
    return this.findById(id);
  }

  async softDelete(id: string, deletedAt: string): Promise<MessageRecord | null> {
    this.blank.run(deletedAt, id);
    return this.findById(id);
  }

  async toggleReaction(id: string, userId: string, emoji: string): Promise<MessageRecord | null> {
    return this.toggleTx.immediate(id, userId, emoji);
  }

  async countUnread(roomId: string, afterId: string | null, userId: string, username: string): Promise<{ unread: number; mentions: number }> {
    // An unknown marker counts as "nothing read yet".
    const after = afterId === null ? undefined : this.keyOf.get(afterId);
    const row = after
      ? this.unreadAfter.get({ roomId, userId, username, createdAt: after.created_at, id: after.id })
      : this.unreadAll.get({ roomId, userId, username });
    return { unread: row?.unread ?? 0, mentions: row?.mentions ?? 0 };
  }
}
