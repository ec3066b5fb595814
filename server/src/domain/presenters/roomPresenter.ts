import type { PublicUser, RoomMemberView, RoomView } from '@cohort/shared';
import type { RoomMemberRecord, RoomRecord } from '../../store/ports';

/** A room as clients see it: what the listing, the details and `room:join` share. */
export function presentRoom(room: RoomRecord): RoomView {
  return {
    id: room.id,
    name: room.name,
    topic: room.topic,
    description: room.description,
    visibility: room.visibility,
    kind: room.kind,
    ownerId: room.ownerId,
    createdAt: room.createdAt,
  };
}

/** A member of a room with their public card; the read marker stays private to the server. */
export function presentRoomMember(member: RoomMemberRecord, user: PublicUser): RoomMemberView {
  return { user, role: member.role, joinedAt: member.joinedAt };
}
