import { newId, nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import type { RoomMemberRecord, RoomRecord, RoomRole, RoomStore, RoomVisibility } from '../ports';
import type { SqliteDb } from './sqliteDatabase';

interface RoomRow {
  id: string;
  name: string;
  topic: string;
  description: string;
  visibility: RoomVisibility;
  owner_id: string;
  created_at: string;
}

interface MemberRow {
  room_id: string;
  user_id: string;
  role: RoomRole;
  joined_at: string;
  last_read_message_id: string | null;
}

interface MessageKeyRow {
  created_at: string;
  id: string;
}

const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  description: r.description,
  visibility: r.visibility,
  ownerId: r.owner_id,
  createdAt: r.created_at,
});

const toMember = (r: MemberRow): RoomMemberRecord => ({
  roomId: r.room_id,
  userId: r.user_id,
  role: r.role,
  joinedAt: r.joined_at,
  lastReadMessageId: r.last_read_message_id,
});

/** True when message `a` comes after message `b` in the room's (createdAt, id) order. */
const isAfter = (a: MessageKeyRow, b: MessageKeyRow): boolean =>
  a.created_at > b.created_at || (a.created_at === b.created_at && a.id > b.id);

export class SqliteRoomStore implements RoomStore {
  private readonly insertRoom;
  private readonly insertMember;
  private readonly byId;
  private readonly visibleTo;
  private readonly idPage;
  private readonly upsertMemberStmt;
  private readonly deleteMember;
  private readonly memberOf;
  private readonly membersOf;
  private readonly membershipsOf;
  private readonly messageKey;
  private readonly setLastRead;
  private readonly createTx;
  private readonly upsertMemberTx;
  private readonly markReadTx;

  constructor(db: SqliteDb) {
    this.insertRoom = db.prepare<[string, string, string, string, RoomVisibility, string, string]>(
      'INSERT INTO rooms (id, name, topic, description, visibility, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertMember = db.prepare<[string, string, RoomRole, string]>(
      'INSERT INTO room_members (room_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)',
    );
    this.byId = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?');
    this.visibleTo = db.prepare<[string], RoomRow>(
      `SELECT * FROM rooms
        WHERE visibility = 'public' OR id IN (SELECT room_id FROM room_members WHERE user_id = ?)
        ORDER BY created_at DESC, id DESC`,
    );
    this.idPage = db.prepare<[string, number], { id: string }>('SELECT id FROM rooms WHERE id > ? ORDER BY id LIMIT ?');
    // Joining again only changes the role: joinedAt and the read marker are kept.
    this.upsertMemberStmt = db.prepare<[string, string, RoomRole, string]>(
      `INSERT INTO room_members (room_id, user_id, role, joined_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (room_id, user_id) DO UPDATE SET role = excluded.role`,
    );
    this.deleteMember = db.prepare<[string, string]>('DELETE FROM room_members WHERE room_id = ? AND user_id = ?');
    this.memberOf = db.prepare<[string, string], MemberRow>('SELECT * FROM room_members WHERE room_id = ? AND user_id = ?');
    // rowid breaks ties between members who joined in the same millisecond: insertion order.
    this.membersOf = db.prepare<[string], MemberRow>('SELECT * FROM room_members WHERE room_id = ? ORDER BY joined_at, rowid');
    this.membershipsOf = db.prepare<[string], MemberRow>('SELECT * FROM room_members WHERE user_id = ? ORDER BY joined_at, room_id');
    this.messageKey = db.prepare<[string], MessageKeyRow>('SELECT created_at, id FROM messages WHERE id = ?');
    this.setLastRead = db.prepare<[string, string, string]>(
      'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ?',
    );

    this.createTx = db.transaction((room: RoomRecord): void => {
      this.insertRoom.run(room.id, room.name, room.topic, room.description, room.visibility, room.ownerId, room.createdAt);
      this.insertMember.run(room.id, room.ownerId, 'owner', room.createdAt);
    });
    this.upsertMemberTx = db.transaction((roomId: string, userId: string, role: RoomRole): MemberRow => {
      this.upsertMemberStmt.run(roomId, userId, role, nowIso());
      return this.memberOf.get(roomId, userId)!;
    });
    this.markReadTx = db.transaction((roomId: string, userId: string, messageId: string): void => {
      const member = this.memberOf.get(roomId, userId);
      if (!member) return;
      const current = member.last_read_message_id;
      if (current !== null && current !== messageId) {
        const next = this.messageKey.get(messageId);
        const stored = this.messageKey.get(current);
        // Unknown messages cannot be placed in the room's order; fall back to id order (ids are time-ordered).
        const forward = next && stored ? isAfter(next, stored) : messageId > current;
        if (!forward) return;
      }
      this.setLastRead.run(messageId, roomId, userId);
    });
  }

  async create(input: { name: string; topic: string; description: string; visibility: RoomVisibility; ownerId: string }): Promise<RoomRecord> {
    const room: RoomRecord = {
      id: newId(),
      name: input.name,
      topic: input.topic,
      description: input.description,
      visibility: input.visibility,
      ownerId: input.ownerId,
      createdAt: nowIso(),
    };
    this.createTx.immediate(room);
    return room;
  }

  async findById(id: string): Promise<RoomRecord | null> {
    const row = this.byId.get(id);
    return row ? toRoom(row) : null;
  }

  async listVisibleTo(userId: string): Promise<RoomRecord[]> {
    return this.visibleTo.all(userId).map(toRoom);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    return this.idPage.all(page.afterId ?? '', pageLimit(page.limit)).map((r) => r.id);
  }

  async upsertMember(roomId: string, userId: string, role: RoomRole): Promise<RoomMemberRecord> {
    return toMember(this.upsertMemberTx.immediate(roomId, userId, role));
  }

  async removeMember(roomId: string, userId: string): Promise<boolean> {
    return this.deleteMember.run(roomId, userId).changes > 0;
  }

  async getMember(roomId: string, userId: string): Promise<RoomMemberRecord | null> {
    const row = this.memberOf.get(roomId, userId);
    return row ? toMember(row) : null;
  }

  async listMembers(roomId: string): Promise<RoomMemberRecord[]> {
    return this.membersOf.all(roomId).map(toMember);
  }

  async listMemberships(userId: string): Promise<RoomMemberRecord[]> {
    return this.membershipsOf.all(userId).map(toMember);
  }

  async markRead(roomId: string, userId: string, messageId: string): Promise<void> {
    this.markReadTx.immediate(roomId, userId, messageId);
  }
}
