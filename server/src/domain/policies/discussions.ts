import type { DiscussionType } from '@cohort/shared';
import { notebookRole, type NotebookMembership } from './notebooks';
import { mayReadRoom, type RoomMembership } from './rooms';

/** What a search result or recommendation shows of who may see it. */
export interface DiscussionAccess {
  type: DiscussionType;
  id: string;
  /** Author of a thread, owner of a room or notebook. */
  ownerId: string;
  /** A public room, a community notebook, a thread. */
  isPublic: boolean;
}

/** Where memberships are looked up when a rule needs one (the store's room and notebook ports fit). */
export interface Memberships {
  rooms: { getMember(roomId: string, userId: string): Promise<RoomMembership> };
  notebooks: { getMember(notebookId: string, userId: string): Promise<NotebookMembership> };
}

/**
 * May the viewer see this discussion among results? Public ones and their own always (no lookup); a private
 * room or notebook by the same rule as opening it, which needs the viewer's membership.
 */
export async function mayReadDiscussion(viewerId: string, item: DiscussionAccess, memberships: Memberships): Promise<boolean> {
  if (item.isPublic || item.ownerId === viewerId) return true;
  switch (item.type) {
    case 'room':
      return mayReadRoom({ visibility: 'private' }, await memberships.rooms.getMember(item.id, viewerId));
    case 'notebook':
      return notebookRole({ ownerId: item.ownerId, visibility: 'private' }, viewerId, await memberships.notebooks.getMember(item.id, viewerId)) !== null;
    default:
      return false;
  }
}
