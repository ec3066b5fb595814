import type { MessageRecord } from '../../store/ports';
import { moderatesRoom, type RoomMembership } from './rooms';

/** Only its author edits a chat message. */
export const mayEditMessage = (userId: string, message: Pick<MessageRecord, 'authorId'>): boolean => message.authorId === userId;

/** Its author, a moderator or the room's owner deletes a chat message. */
export const mayDeleteMessage = (userId: string, message: Pick<MessageRecord, 'authorId'>, member: RoomMembership): boolean =>
  message.authorId === userId || moderatesRoom(member);
