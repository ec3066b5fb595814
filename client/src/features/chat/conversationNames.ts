import { useEffect, useState } from 'react';
import type { PublicUser, RoomMemberView, RoomView } from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';

type Translate = (key: string, options?: Record<string, unknown>) => string;

/** A direct conversation is named by its members other than the reader ("Ann, Bo"); the reader alone is "you". */
export function conversationName(members: ReadonlyArray<Pick<RoomMemberView, 'user'>>, meId: string, t: Translate): string {
  const others = members.filter((m) => m.user.id !== meId).map((m) => m.user.displayName);
  return others.length > 0 ? others.join(', ') : t('directory.you');
}

/** The title of a room for the reader: its own name for a topic room, its members' names for a direct one. */
export function roomTitle(room: Pick<RoomView, 'kind' | 'name'>, members: ReadonlyArray<Pick<RoomMemberView, 'user'>>, meId: string, t: Translate): string {
  return room.kind === 'direct' ? conversationName(members, meId, t) : room.name;
}

// Members of a direct conversation never change but for someone leaving, so one read per room and page load is enough.
const membersByRoom = new Map<string, Promise<PublicUser[]>>();

function membersOf(roomId: string): Promise<PublicUser[]> {
  let found = membersByRoom.get(roomId);
  if (!found) {
    found = api<{ members: RoomMemberView[] }>('GET', `/api/rooms/${encodeURIComponent(roomId)}`).then((d) => {
      const users = d.members.map((m) => m.user);
      rememberPeople(users);
      return users;
    });
    found.catch(() => membersByRoom.delete(roomId));
    membersByRoom.set(roomId, found);
  }
  return found;
}

/** The members of each direct conversation in `rooms` (room id -> people), filled in as they arrive. */
export function useConversationMembers(rooms: ReadonlyArray<Pick<RoomView, 'id' | 'kind'>> | null): ReadonlyMap<string, PublicUser[]> {
  const [members, setMembers] = useState<ReadonlyMap<string, PublicUser[]>>(new Map());
  const key = (rooms ?? []).filter((r) => r.kind === 'direct').map((r) => r.id).join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      membersOf(id).then(
        (users) => live && setMembers((current) => new Map(current).set(id, users)),
        () => undefined,
      );
    }
    return () => {
      live = false;
    };
  }, [key]);
  return members;
}
