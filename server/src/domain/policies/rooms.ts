import type { RoomMemberRecord, RoomRecord, RoomRole } from '../../store/ports';

/** A user's membership of a room as the rules see it: its role, or null for a non-member. */
export type RoomMembership = Pick<RoomMemberRecord, 'role'> | null;

const MODERATING_ROLES: ReadonlySet<RoomRole> = new Set(['owner', 'moderator']);

/** Public rooms are read (and joined) by anyone signed in; private ones by their members only. */
export const mayReadRoom = (room: Pick<RoomRecord, 'visibility'>, member: RoomMembership): boolean =>
  room.visibility === 'public' || member !== null;

/** Writing, reacting and marking read are for members (a public room is joined first). */
export const takesPartInRoom = <M extends RoomMembership>(member: M): member is NonNullable<M> => member !== null;

/** Only the owner adds and removes members and names moderators. */
export const mayManageRoomMembers = (member: RoomMembership): boolean => member?.role === 'owner';

/** Owners and moderators moderate: they delete other people's messages. */
export const moderatesRoom = (member: RoomMembership): boolean => member !== null && MODERATING_ROLES.has(member.role);

/** The owner's membership is fixed: its role cannot be changed, and the owner cannot leave or be removed. */
export const isFixedRoomMember = (member: NonNullable<RoomMembership>): boolean => member.role === 'owner';
