import type { ChatMessage, PublicUser } from '@cohort/shared';
import type { MessageRecord } from '../../store/ports';

/** The message as clients see it; `viewerId` adds that viewer's own reactions. */
export function presentMessage(record: MessageRecord, author: PublicUser, viewerId?: string): ChatMessage {
  const deleted = record.deletedAt !== null;
  const reactions: Record<string, number> = {};
  const mine: string[] = [];
  if (!deleted) {
    for (const [emoji, userIds] of Object.entries(record.reactions)) {
      if (userIds.length === 0) continue;
      // defineProperty, so an emoji such as `__proto__` stays an ordinary key.
      Object.defineProperty(reactions, emoji, { value: userIds.length, enumerable: true, writable: true, configurable: true });
      if (viewerId !== undefined && userIds.includes(viewerId)) mine.push(emoji);
    }
  }
  const message: ChatMessage = {
    id: record.id,
    roomId: record.roomId,
    author,
    body: record.body,
    createdAt: record.createdAt,
    clientId: record.clientId,
    editedAt: record.editedAt,
    deletedAt: record.deletedAt,
    // A deleted message keeps its place but gives nothing of its content away.
    mentions: deleted ? [] : [...record.mentions],
    reactions,
  };
  if (viewerId !== undefined) message.myReactions = mine;
  return message;
}
