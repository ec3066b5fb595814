import { newId, nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import type { RoomMemberRecord, RoomRecord, RoomRole, RoomStore, RoomVisibility } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { RoomMemberDoc } from './models/roomMembers';
import type { RoomDoc } from './models/rooms';
import { updateElseInsert } from './mongoUpsert';

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
  private readonly members;
  private readonly messages;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.rooms = models.rooms;
    this.members = models.roomMembers;
    this.messages = models.messages;
  }

  async create(input: { name: string; topic: string; description: string; visibility: RoomVisibility; ownerId: string }): Promise<RoomRecord> {
    const room: RoomRecord = { id: newId(), ...input, createdAt: nowIso() };
    await this.rooms.create({ _id: room.id, ...input, createdAt: room.createdAt });
    // No multi-document transactions on FerretDB: write the room, then its owner, and take the room back
    // if the owner cannot be written, so nobody ever sees an ownerless room for long.
    try {
      await this.members.create({ _id: newId(), roomId: room.id, userId: room.ownerId, role: 'owner', joinedAt: room.createdAt, lastReadMessageId: null });
    } catch (err) {
      await this.rooms.deleteOne({ _id: room.id }).catch(() => undefined);
      throw err;
    }
    return room;
  }

  async findById(id: string): Promise<RoomRecord | null> {
    const doc = await this.rooms.findById(id).lean();
    return doc ? toRoom(doc) : null;
  }

  async listVisibleTo(userId: string): Promise<RoomRecord[]> {
    const memberships = await this.members.find({ userId }, { roomId: 1 }).lean();
    const roomIds = memberships.map((m) => m.roomId);
    const docs = await this.rooms
      .find({ $or: [{ visibility: 'public' }, { _id: { $in: roomIds } }] })
      .sort({ createdAt: -1, _id: -1 })
      .lean();
    return docs.map(toRoom);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    const limit = pageLimit(page.limit);
    const filter = page.afterId === undefined ? {} : { _id: { $gt: page.afterId } };
    const docs = await this.rooms.find(filter, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
    return docs.map((d) => d._id);
  }

  async upsertMember(roomId: string, userId: string, role: RoomRole): Promise<RoomMemberRecord> {
    // Joining again only changes the role: joinedAt and the read marker are kept.
    return this.locks.run('roomMembers', `${roomId}\u0000${userId}`, () =>
      updateElseInsert(
        'room member',
        async () => {
          const doc = await this.members.findOneAndUpdate({ roomId, userId }, { $set: { role } }, { new: true }).lean();
          return doc ? toMember(doc) : null;
        },
        async () => {
          const member: RoomMemberRecord = { roomId, userId, role, joinedAt: nowIso(), lastReadMessageId: null };
          await this.members.create({ _id: newId(), ...member });
          return member;
        },
      ),
    );
  }

  async removeMember(roomId: string, userId: string): Promise<boolean> {
    const result = await this.members.deleteOne({ roomId, userId });
    return result.deletedCount > 0;
  }

  async getMember(roomId: string, userId: string): Promise<RoomMemberRecord | null> {
    const doc = await this.members.findOne({ roomId, userId }).lean();
    return doc ? toMember(doc) : null;
  }

  async listMembers(roomId: string): Promise<RoomMemberRecord[]> {
    // _id breaks joinedAt ties: ids are time-ordered, so that is insertion order.
    const docs = await this.members.find({ roomId }).sort({ joinedAt: 1, _id: 1 }).lean();
    return docs.map(toMember);
  }

  async listMemberships(userId: string): Promise<RoomMemberRecord[]> {
    const docs = await this.members.find({ userId }).sort({ joinedAt: 1, roomId: 1 }).lean();
    return docs.map(toMember);
  }

  async markRead(roomId: string, userId: string, messageId: string): Promise<void> {
    await this.locks.run('roomMembers', `${roomId}\u0000${userId}`, async () => {
      // Compare-and-set on the marker read: on MongoDB a concurrent writer elsewhere makes this miss and
      // go round again, so the marker still only moves forward.
      for (;;) {
        const member = await this.members.findOne({ roomId, userId }, { _id: 1, lastReadMessageId: 1 }).lean();
        if (!member) return;
        const current = member.lastReadMessageId;
        if (current === messageId) return;
        if (current !== null && !(await this.isAfter(messageId, current))) return;
        const result = await this.members.updateOne({ _id: member._id, lastReadMessageId: current }, { $set: { lastReadMessageId: messageId } });
        if (result.matchedCount > 0) return;
      }
    });
  }

  /** True when message `a` comes after message `b` in (createdAt, id) order; unknown messages fall back to id order. */
  private async isAfter(a: string, b: string): Promise<boolean> {
    const docs = await this.messages.find({ _id: { $in: [a, b] } }, { _id: 1, createdAt: 1 }).lean();
    const next = docs.find((d) => d._id === a);
    const stored = docs.find((d) => d._id === b);
    if (!next || !stored) return a > b;
    return next.createdAt > stored.createdAt || (next.createdAt === stored.createdAt && a > b);
  }
}
