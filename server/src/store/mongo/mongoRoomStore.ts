import { nowIso } from '../ids';
import { directKey } from '../directKey';
import { newDirectRoomRecord, newRoomRecord } from '../newRecords';
import type { RoomMemberRecord, RoomRecord, RoomRole, RoomStore, RoomVisibility } from '../ports';
import { movesReadMarkerForward } from '../readMarker';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { RoomMemberDoc } from './models/roomMembers';
import type { RoomDoc } from './models/rooms';
import { isDuplicateKey } from './mongoErrors';
import { idPage } from './mongoIdPage';
import { MongoMembers } from './mongoMembers';

const toRoom = (d: RoomDoc): RoomRecord => ({
  id: d._id,
  name: d.name,
  topic: d.topic,
  description: d.description,
  visibility: d.visibility,
  kind: d.kind ?? 'topic',
  ownerId: d.ownerId,
  createdAt: d.createdAt,
});

const toMember = (d: RoomMemberDoc): RoomMemberRecord => ({
  roomId: d.roomId,
  userId: d.userId,
  role: d.role,
  joinedAt: d.joinedAt,
  lastReadMessageId: d.lastReadMessageId,
});

/** How often, and how long apart, a caller looks for the room of a set another caller has just claimed. */
const DIRECT_CLAIM_ATTEMPTS = 50;
const DIRECT_CLAIM_WAIT_MS = 40;

export class MongoRoomStore implements RoomStore {
  private readonly rooms;
  private readonly memberDocs;
  private readonly messages;
  private readonly members;
  private readonly directRooms;

  constructor(models: MongoModels, locks: DocumentLocks) {
    this.rooms = models.rooms;
    this.memberDocs = models.roomMembers;
    this.messages = models.messages;
    this.directRooms = models.directRooms;
    this.members = new MongoMembers<RoomMemberRecord, RoomRole>(
      models.roomMembers,
      locks,
      { collection: 'roomMembers', parent: 'roomId', since: 'joinedAt', conflictKey: 'room member' },
      toMember,
    );
  }

  async create(input: { name: string; topic: string; description: string; visibility: RoomVisibility; ownerId: string }): Promise<RoomRecord> {
    const room = newRoomRecord(input);
    const { id, ...fields } = room;
    await this.members.createWithOwner(
      { roomId: id, userId: room.ownerId, role: 'owner', joinedAt: room.createdAt, lastReadMessageId: null },
      () => this.rooms.create({ _id: id, ...fields }),
      () => this.rooms.deleteOne({ _id: id }),
    );
    return room;
  }

  async findById(id: string): Promise<RoomRecord | null> {
    const doc = await this.rooms.findById(id).lean();
    return doc ? toRoom(doc) : null;
  }

  async openDirect(input: { memberIds: readonly string[]; creatorId: string }): Promise<{ room: RoomRecord; created: boolean }> {
    const key = directKey(input.memberIds);
    const memberIds = [...new Set(input.memberIds)];
    for (let attempt = 0; attempt < DIRECT_CLAIM_ATTEMPTS; attempt += 1) {
      const claim = await this.directRooms.findById(key).lean();
      if (claim) {
        const room = await this.findById(claim.roomId);
        if (room) {
          await this.addMissingMembers(room.id, memberIds);
          return { room, created: false };
        }
        // The winner of the claim has not written its room yet (or gave up): look again shortly.
        await new Promise((resolve) => setTimeout(resolve, DIRECT_CLAIM_WAIT_MS));
        continue;
      }
      const room = newDirectRoomRecord(input.creatorId);
      try {
        await this.directRooms.create({ _id: key, roomId: room.id, createdAt: room.createdAt });
      } catch (err) {
        if (isDuplicateKey(err)) continue; // someone else claimed the set a moment ago: theirs is the room
        throw err;
      }
      try {
        const { id, ...fields } = room;
        await this.rooms.create({ _id: id, ...fields });
        await this.addMissingMembers(room.id, memberIds);
      } catch (err) {
        // Give the claim back so the next call can make the room; a half-made room is never returned.
        await this.directRooms.deleteOne({ _id: key, roomId: room.id }).catch(() => undefined);
        await this.rooms.deleteOne({ _id: room.id }).catch(() => undefined);
        throw err;
      }
      return { room, created: true };
    }
    throw new Error('The direct conversation could not be opened: its claim stayed without a room');
  }

  private async addMissingMembers(roomId: string, memberIds: readonly string[]): Promise<void> {
    const present = new Set((await this.members.listOf(roomId)).map((m) => m.userId));
    for (const userId of memberIds) {
      if (!present.has(userId)) await this.upsertMember(roomId, userId, 'member');
    }
  }

  async listVisibleTo(userId: string): Promise<RoomRecord[]> {
    const roomIds = await this.members.parentIdsOf(userId);
    const docs = await this.rooms
      .find({ $or: [{ visibility: 'public' }, { _id: { $in: roomIds } }] })
      .sort({ createdAt: -1, _id: -1 })
      .lean();
    return docs.map(toRoom);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    return idPage(this.rooms, page);
  }

  async upsertMember(roomId: string, userId: string, role: RoomRole): Promise<RoomMemberRecord> {
    return this.members.upsert(roomId, userId, role, () => ({ roomId, userId, role, joinedAt: nowIso(), lastReadMessageId: null }));
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
    await this.members.locked(roomId, userId, async () => {
      // Compare-and-set on the marker read: on MongoDB a concurrent writer elsewhere makes this miss and
      // go round again, so the marker still only moves forward.
      for (;;) {
        const member = await this.memberDocs.findOne({ roomId, userId }, { _id: 1, lastReadMessageId: 1 }).lean();
        if (!member) return;
        const current = member.lastReadMessageId;
        if (current === messageId) return;
        if (current !== null && !(await this.movesForward(messageId, current))) return;
        const result = await this.memberDocs.updateOne({ _id: member._id, lastReadMessageId: current }, { $set: { lastReadMessageId: messageId } });
        if (result.matchedCount > 0) return;
      }
    });
  }

  private async movesForward(next: string, current: string): Promise<boolean> {
    const docs = await this.messages.find({ _id: { $in: [next, current] } }, { _id: 1, createdAt: 1 }).lean();
    return movesReadMarkerForward(next, current, docs.map((d) => ({ id: d._id, createdAt: d.createdAt })));
  }
}
