import type { ConversationCreateInput, RoomView } from '@cohort/shared';
import type { Store } from '../store/ports';
import { NotFoundError, ValidationError } from './errors';
import { presentRoom } from './presenters';
import type { RoomEvents } from './roomEvents';

/**
 * Direct conversations: the one private room of a set of people (the caller and 1-7 others). The set is the
 * room's identity, so its membership is fixed by construction: every member has the role `member` (nobody
 * owns it, so nobody adds, removes or promotes anyone), nobody joins it by id (it is private), and opening the
 * conversation again brings back a member who left.
 */
export class ConversationService {
  constructor(
    private readonly store: Store,
    private readonly membership: RoomEvents,
  ) {}

  /** The conversation of the caller and `userIds`, made if there is none (`created`). */
  async open(callerId: string, input: ConversationCreateInput): Promise<{ room: RoomView; created: boolean }> {
    const others = input.userIds.filter((id) => id !== callerId);
    if (others.length === 0) throw new ValidationError('Name someone other than yourself', { userIds: 'must name at least one other person' });
    const users = await this.store.users.findManyByIds(others);
    if (users.length !== others.length) throw new NotFoundError('User');
    const opened = await this.store.rooms.openDirect({ memberIds: [callerId, ...others], creatorId: callerId });
    if (opened.created) {
      // Live connections of every member follow, so the conversation shows up in their lists at once.
      for (const userId of [callerId, ...others]) this.membership.emit({ type: 'member.added', roomId: opened.room.id, userId, role: 'member' });
    }
    return { room: presentRoom(opened.room), created: opened.created };
  }
}
