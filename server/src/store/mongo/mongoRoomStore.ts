import { nowIso } from '../ids';
import { newRoomRecord } from '../newRecords';
import type { RoomMemberRecord, RoomRecord, RoomRole, RoomStore, RoomVisibility } from '../ports';
import { movesReadMarkerForward } from '../readMarker';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { RoomMemberDoc } from './models/roomMembers';
import type { RoomDoc } from './models/rooms';
import { idPage } from './mongoIdPage';
import { MongoMembers } from './mongoMembers';

const toRoom = (d: RoomDoc): RoomRecord => ({
  id: d._id,
  name: d.name,
  topic: d.topic,
  description: d.description,
  visibility: d.visibility,
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

export class MongoRoomStore implements RoomStore {
  private readonly rooms;
  private readonly memberDocs;
  private readonly messages;
  private readonly members;

  constructor(models: MongoModels, locks: DocumentLocks) {
    this.rooms = models.rooms;
    this.memberDocs = models.roomMembers;
    this.messages = models.messages;
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
