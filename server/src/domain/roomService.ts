import type { RoomCreateInput, RoomListItem, RoomMemberView, RoomView } from '@cohort/shared';
import type { RoomMemberRecord, RoomRecord, RoomRole, Store } from '../store/ports';
import type { AuthorDirectory } from './authorDirectory';
import type { ContentEvents } from './contentEvents';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';
import { isFixedRoomMember, mayManageRoomMembers, mayReadRoom, takesPartInRoom } from './policies';
import { presentRoom, presentRoomMember } from './presenters';
import type { RoomEvents } from './roomEvents';

/** Who is asking: the id decides access, the username counts mentions. */
export interface RoomViewer {
  id: string;
  username: string;
}

/** A room the caller may read, with their membership (null for a non-member of a public room). */
export interface RoomAccess {
  room: RoomRecord;
  member: RoomMemberRecord | null;
}

/**
 * The rules of rooms and membership. Public rooms: anyone signed in may read and join. Private rooms:
 * members only; the owner adds and removes members and names moderators. Owners and moderators moderate.
 */
export class RoomService {
  constructor(
    private readonly store: Store,
    private readonly authors: AuthorDirectory,
    private readonly content: ContentEvents,
    private readonly membership: RoomEvents,
  ) {}

  async create(ownerId: string, input: RoomCreateInput): Promise<RoomView> {
    const room = await this.store.rooms.create({ ...input, ownerId });
    this.content.emit({ type: 'room', id: room.id });
    return presentRoom(room);
  }

  /** Public rooms and the caller's rooms, newest first, each with the caller's role, unread and mention counts. */
  async listFor(viewer: RoomViewer): Promise<RoomListItem[]> {
    const [rooms, memberships] = await Promise.all([this.store.rooms.listVisibleTo(viewer.id), this.store.rooms.listMemberships(viewer.id)]);
    const byRoom = new Map(memberships.map((m) => [m.roomId, m]));
    return Promise.all(
      rooms.map(async (room): Promise<RoomListItem> => {
        const member = byRoom.get(room.id);
        // Unread counts follow membership: a public room one merely browses has no read marker to count from.
        const counts = member
          ? await this.store.messages.countUnread(room.id, member.lastReadMessageId, viewer.id, viewer.username)
          : { unread: 0, mentions: 0 };
        return { ...presentRoom(room), role: member?.role ?? null, unread: counts.unread, mentions: counts.mentions };
      }),
    );
  }

  /** The room if the user may read it: 404 when it does not exist, 403 when it is private and they are not a member. */
  async access(roomId: string, userId: string): Promise<RoomAccess> {
    const [room, member] = await Promise.all([this.store.rooms.findById(roomId), this.store.rooms.getMember(roomId, userId)]);
    if (!room) throw new NotFoundError('Room');
    if (!mayReadRoom(room, member)) throw new ForbiddenError('This room is private: only its members may enter');
    return { room, member };
  }

  /** Like `access`, but the user must be a member (to write, react or mark read). */
  async requireMember(roomId: string, userId: string): Promise<{ room: RoomRecord; member: RoomMemberRecord }> {
    const { room, member } = await this.access(roomId, userId);
    if (!takesPartInRoom(member)) throw new ForbiddenError('Join the room first');
    return { room, member };
  }

  /** The member record alone, for the hot path of sending: one store read. */
  async requireMembership(roomId: string, userId: string): Promise<RoomMemberRecord> {
    const member = await this.store.rooms.getMember(roomId, userId);
    if (takesPartInRoom(member)) return member;
    await this.access(roomId, userId); // 404 for no such room, 403 for a private one
    throw new ForbiddenError('Join the room first');
  }

  /** Moves the member's read marker forward to `messageId`, which must be a message of this room. */
  async markRead(roomId: string, userId: string, messageId: string): Promise<void> {
    await this.requireMembership(roomId, userId);
    const message = await this.store.messages.findById(messageId);
    if (!message || message.roomId !== roomId) throw new NotFoundError('Message');
    await this.store.rooms.markRead(roomId, userId, messageId);
  }

  /** The room, its members and the caller's role. */
  async details(roomId: string, userId: string): Promise<{ room: RoomView; members: RoomMemberView[]; role: RoomRole | null }> {
    const { room, member } = await this.access(roomId, userId);
    return { room: presentRoom(room), members: await this.members(room.id), role: member?.role ?? null };
  }

  async members(roomId: string): Promise<RoomMemberView[]> {
    const members = await this.store.rooms.listMembers(roomId);
    const users = await this.authors.resolve(members.map((m) => m.userId));
    return members.map((m) => presentRoomMember(m, users.get(m.userId)!));
  }

  /** Joins a public room (a member already stays as they are); a private room needs an invitation. */
  async join(roomId: string, userId: string): Promise<{ room: RoomRecord; member: RoomMemberRecord; joined: boolean }> {
    const { room, member } = await this.access(roomId, userId);
    if (member) return { room, member, joined: false };
    const created = await this.store.rooms.upsertMember(room.id, userId, 'member');
    this.membership.emit({ type: 'member.added', roomId: room.id, userId, role: created.role });
    return { room, member: created, joined: true };
  }

  /** The owner adds someone. An existing member is left as they are (`added: false`). */
  async addMember(roomId: string, actorId: string, userId: string, role: 'moderator' | 'member'): Promise<{ member: RoomMemberView; added: boolean }> {
    await this.requireOwner(roomId, actorId);
    const user = await this.store.users.findById(userId);
    if (!user) throw new NotFoundError('User');
    const existing = await this.store.rooms.getMember(roomId, userId);
    if (existing) return { member: await this.memberView(existing), added: false };
    const created = await this.store.rooms.upsertMember(roomId, userId, role);
    this.membership.emit({ type: 'member.added', roomId, userId, role, actorId });
    return { member: await this.memberView(created), added: true };
  }

  /** The owner makes a member a moderator or back. */
  async setRole(roomId: string, actorId: string, userId: string, role: 'moderator' | 'member'): Promise<RoomMemberView> {
    await this.requireOwner(roomId, actorId);
    const existing = await this.store.rooms.getMember(roomId, userId);
    if (!existing) throw new NotFoundError('Member');
    if (isFixedRoomMember(existing)) throw new ConflictError("The owner's role cannot be changed");
    if (existing.role === role) return this.memberView(existing);
    const updated = await this.store.rooms.upsertMember(roomId, userId, role);
    this.membership.emit({ type: 'member.roleChanged', roomId, userId, role, actorId });
    return this.memberView(updated);
  }

  /** The owner removes a member, or a member leaves by removing themselves. The owner cannot leave their room. */
  async removeMember(roomId: string, actorId: string, userId: string): Promise<void> {
    if (actorId !== userId) await this.requireOwner(roomId, actorId);
    else await this.requireMember(roomId, actorId);
    const existing = await this.store.rooms.getMember(roomId, userId);
    if (!existing) throw new NotFoundError('Member');
    if (isFixedRoomMember(existing)) throw new ConflictError('The owner cannot leave or be removed from their room');
    await this.store.rooms.removeMember(roomId, userId);
    this.membership.emit({ type: 'member.removed', roomId, userId });
  }

  private async requireOwner(roomId: string, actorId: string): Promise<RoomRecord> {
    const { room, member } = await this.access(roomId, actorId);
    if (!mayManageRoomMembers(member)) throw new ForbiddenError('Only the room owner may manage its members');
    return room;
  }

  private async memberView(member: RoomMemberRecord): Promise<RoomMemberView> {
    const users = await this.authors.resolve([member.userId]);
    return presentRoomMember(member, users.get(member.userId)!);
  }
}
