import { directKey } from '../directKey';
import { newDirectRoomRecord, newRoomRecord } from '../newRecords';
import type { RoomKind, RoomMemberRecord, RoomRecord, RoomRole, RoomStore, RoomVisibility } from '../ports';
import { movesReadMarkerForward, type MessageKey } from '../readMarker';
import type { SqliteDb } from './sqliteDatabase';
import { prepareIdPage } from './sqliteIdPage';
import { SqliteMembers } from './sqliteMembers';

interface RoomRow {
  id: string;
  name: string;
  topic: string;
  description: string;
  visibility: RoomVisibility;
  kind: RoomKind;
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

const toRoom = (r: RoomRow): RoomRecord => ({
  id: r.id,
  name: r.name,
  topic: r.topic,
  description: r.description,
  visibility: r.visibility,
  kind: r.kind,
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

export class SqliteRoomStore implements RoomStore {
  private readonly members;
  private readonly insertRoom;
  private readonly byId;
  private readonly visibleTo;
  private readonly idPage;
  private readonly messageKeys;
  private readonly setLastRead;
  private readonly createTx;
  private readonly insertDirect;
  private readonly byDirectKey;
  private readonly openDirectTx;
  private readonly markReadTx;

  constructor(db: SqliteDb) {
    this.members = new SqliteMembers<MemberRow, RoomMemberRecord, RoomRole>(
      db,
      { table: 'room_members', parent: 'room_id', since: 'joined_at' },
      toMember,
    );
    this.insertRoom = db.prepare<[string, string, string, string, RoomVisibility, string, string]>(
      'INSERT INTO rooms (id, name, topic, description, visibility, owner_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE id = ?');
    this.visibleTo = db.prepare<[string], RoomRow>(
      `SELECT * FROM rooms
        WHERE visibility = 'public' OR id IN (${this.members.parentIdsOfUser})
        ORDER BY created_at DESC, id DESC`,
    );
    this.idPage = prepareIdPage(db, 'rooms');
    this.messageKeys = db.prepare<[string, string], MessageKey>('SELECT id, created_at AS createdAt FROM messages WHERE id IN (?, ?)');
    this.setLastRead = db.prepare<[string, string, string]>(
      'UPDATE room_members SET last_read_message_id = ? WHERE room_id = ? AND user_id = ?',
    );

    this.createTx = db.transaction((room: RoomRecord): void => {
      this.insertRoom.run(room.id, room.name, room.topic, room.description, room.visibility, room.ownerId, room.createdAt);
      this.members.addOwner(room.id, room.ownerId, room.createdAt);
    });
    this.insertDirect = db.prepare<[string, string, string, string, RoomVisibility, RoomKind, string, string, string]>(
      'INSERT INTO rooms (id, name, topic, description, visibility, kind, owner_id, created_at, direct_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.byDirectKey = db.prepare<[string], RoomRow>('SELECT * FROM rooms WHERE direct_key = ?');
    // One immediate transaction: the key lookup and the insert cannot interleave with another writer's.
    this.openDirectTx = db.transaction((memberIds: readonly string[], creatorId: string): { room: RoomRecord; created: boolean } => {
      const key = directKey(memberIds);
      const existing = this.byDirectKey.get(key);
      if (existing) {
        for (const userId of new Set(memberIds)) if (!this.members.get(existing.id, userId)) this.members.upsert(existing.id, userId, 'member');
        return { room: toRoom(existing), created: false };
      }
      const room = newDirectRoomRecord(creatorId);
      this.insertDirect.run(room.id, room.name, room.topic, room.description, room.visibility, room.kind, room.ownerId, room.createdAt, key);
      for (const userId of new Set(memberIds)) this.members.upsert(room.id, userId, 'member');
      return { room, created: true };
    });
    this.markReadTx = db.transaction((roomId: string, userId: string, messageId: string): void => {
      const member = this.members.get(roomId, userId);
      if (!member) return;
      const current = member.lastReadMessageId;
      if (current !== null && current !== messageId && !movesReadMarkerForward(messageId, current, this.messageKeys.all(messageId, current))) return;
      this.setLastRead.run(messageId, roomId, userId);
    });
  }

  async create(input: { name: string; topic: string; description: string; visibility: RoomVisibility; ownerId: string }): Promise<RoomRecord> {
    const room = newRoomRecord(input);
    this.createTx.immediate(room);
    return room;
  }

  async findById(id: string): Promise<RoomRecord | null> {
    const row = this.byId.get(id);
    return row ? toRoom(row) : null;
  }

  async openDirect(input: { memberIds: readonly string[]; creatorId: string }): Promise<{ room: RoomRecord; created: boolean }> {
    return this.openDirectTx.immediate(input.memberIds, input.creatorId);
  }

  async listVisibleTo(userId: string): Promise<RoomRecord[]> {
    return this.visibleTo.all(userId).map(toRoom);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    return this.idPage(page);
  }

  async upsertMember(roomId: string, userId: string, role: RoomRole): Promise<RoomMemberRecord> {
    return this.members.upsert(roomId, userId, role);
  }

  async removeMember(roomId: string, userId: string): Promise<boolean> {
    return this.members.remove(roomId, userId);
  }

  async getMember(roomId: string, userId: string): Promise<RoomMemberRecord | null> {
    return this.members.get(roomId, userId);
  }

  async listMembers(roomId: string): Promise<RoomMemberRecord[]> {
    return this.members.listOf(roomId);
  }

  async listMemberships(userId: string): Promise<RoomMemberRecord[]> {
    return this.members.listFor(userId);
  }

  async markRead(roomId: string, userId: string, messageId: string): Promise<void> {
    this.markReadTx.immediate(roomId, userId, messageId);
  }
}
