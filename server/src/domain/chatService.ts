import type { ChatMessage, MessageDeleteInput, MessageEditInput, MessageReactInput, MessageSendInput, PublicUser } from '@cohort/shared';
import type { MessageRecord, Store } from '../store/ports';
import type { AuthorDirectory } from './authorDirectory';
import type { ChatEvents } from './chatEvents';
import type { ContentEvents } from './contentEvents';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';
import { mentionCandidates } from './mentions';
import { mayDeleteMessage, mayEditMessage } from './policies';
import { presentMessage } from './presenters';
import type { RoomService } from './roomService';

export interface SentMessage {
  message: ChatMessage;
  /** False when this was a retry of a send already stored: nothing new to deliver. */
  created: boolean;
  /** Members other than the author that the message mentions, to be told so. */
  mentionedUserIds: string[];
}

export interface MessagesPage {
  /** Oldest first. */
  messages: ChatMessage[];
  hasMore: boolean;
}

/**
 * The rules of chat messages: members write; an acknowledged send is stored; a retried send (same author and
 * clientId) returns the stored message; authors edit; authors, moderators and owners delete; members react.
 */
export class ChatService {
  constructor(
    private readonly store: Store,
    private readonly rooms: RoomService,
    private readonly authors: AuthorDirectory,
    private readonly content: ContentEvents,
    private readonly activity?: ChatEvents,
  ) {}

  /** Stores the message (durably, before returning) unless this author already sent this clientId. */
  async send(author: PublicUser, input: MessageSendInput): Promise<SentMessage> {
    await this.rooms.requireMembership(input.roomId, author.id);
    const mentioned = await this.mentionedMembers(input.roomId, input.body);
    const { message, created } = await this.store.messages.append({
      roomId: input.roomId,
      authorId: author.id,
      body: input.body,
      clientId: input.clientId,
      mentions: mentioned.map((m) => m.username),
    });
    if (message.roomId !== input.roomId) {
      // Idempotency keys are per author, not per room: reusing one elsewhere is a client bug, not a retry.
      throw new ConflictError('This clientId was already used for a message in another room', 'conflict', { fields: { clientId: 'already used' } });
    }
    this.authors.remember(author);
    if (created) this.content.emit({ type: 'room', id: message.roomId });
    const sent: SentMessage = {
      message: presentMessage(message, author),
      created,
      mentionedUserIds: created ? mentioned.filter((m) => m.userId !== author.id).map((m) => m.userId) : [],
    };
    if (created) this.activity?.emit({ type: 'message.sent', message: sent.message, mentionedUserIds: sent.mentionedUserIds });
    return sent;
  }

  /** Only the author edits, and only a message that is not deleted. */
  async edit(userId: string, input: MessageEditInput): Promise<ChatMessage> {
    const message = await this.findMessage(input.messageId);
    await this.rooms.requireMembership(message.roomId, userId);
    if (!mayEditMessage(userId, message)) throw new ForbiddenError('Only the author may edit a message');
    if (message.deletedAt) throw new ConflictError('The message was deleted');
    const updated = await this.store.messages.updateBody(message.id, input.body, new Date().toISOString());
    if (!updated) throw new NotFoundError('Message');
    if (updated.deletedAt) throw new ConflictError('The message was deleted');
    this.content.emit({ type: 'room', id: message.roomId });
    return this.present(updated);
  }

  /** The author, a moderator or the owner deletes; deleting twice changes nothing (`changed: false`). */
  async delete(userId: string, input: MessageDeleteInput): Promise<{ message: ChatMessage; changed: boolean }> {
    const message = await this.findMessage(input.messageId);
    const member = await this.rooms.requireMembership(message.roomId, userId);
    if (!mayDeleteMessage(userId, message, member)) {
      throw new ForbiddenError("Only the author, a moderator or the room owner may delete a message");
    }
    if (message.deletedAt) return { message: await this.present(message), changed: false };
    const deleted = await this.store.messages.softDelete(message.id, new Date().toISOString());
    if (!deleted) throw new NotFoundError('Message');
    this.content.emit({ type: 'room', id: message.roomId });
    return { message: await this.present(deleted), changed: true };
  }

  /** Toggles the caller's reaction; `active` says whether it is now on. */
  async react(userId: string, input: MessageReactInput): Promise<{ message: ChatMessage; active: boolean }> {
    const message = await this.findMessage(input.messageId);
    await this.rooms.requireMembership(message.roomId, userId);
    if (message.deletedAt) throw new ConflictError('The message was deleted');
    const updated = await this.store.messages.toggleReaction(message.id, userId, input.emoji);
    if (!updated) throw new NotFoundError('Message');
    const active = Object.entries(updated.reactions).some(([emoji, ids]) => emoji === input.emoji && ids.includes(userId));
    return { message: await this.present(updated, userId), active };
  }

  /** History before `beforeId` (or the newest), oldest first, in the stable (createdAt, id) order. */
  async history(userId: string, roomId: string, beforeId: string | null, limit: number): Promise<MessagesPage> {
    await this.rooms.access(roomId, userId);
    if (beforeId !== null) await this.findMessageIn(roomId, beforeId);
    const page = await this.store.messages.pageBefore(roomId, beforeId, limit);
    return { messages: await this.presentMany(page.messages, userId), hasMore: page.hasMore };
  }

  /** What came after `afterId`, oldest first: what a reconnecting client missed. */
  async after(userId: string, roomId: string, afterId: string, limit: number): Promise<MessagesPage> {
    await this.rooms.access(roomId, userId);
    await this.findMessageIn(roomId, afterId);
    const records = await this.store.messages.listAfter(roomId, afterId, limit + 1);
    return { messages: await this.presentMany(records.slice(0, limit), userId), hasMore: records.length > limit };
  }

  /** Members of the room that the body mentions with `@username`. */
  private async mentionedMembers(roomId: string, body: string): Promise<Array<{ userId: string; username: string }>> {
    const candidates = mentionCandidates(body);
    if (candidates.length === 0) return [];
    const found = await Promise.all(
      candidates.map(async (username) => {
        const user = await this.store.users.findByUsername(username);
        if (!user) return null;
        const member = await this.store.rooms.getMember(roomId, user.id);
        return member ? { userId: user.id, username: user.username } : null;
      }),
    );
    return found.filter((m): m is { userId: string; username: string } => m !== null);
  }

  private async findMessage(id: string): Promise<MessageRecord> {
    const message = await this.store.messages.findById(id);
    if (!message) throw new NotFoundError('Message');
    return message;
  }

  /** An anchor for paging must belong to the room, or the page would silently be wrong. */
  private async findMessageIn(roomId: string, id: string): Promise<MessageRecord> {
    const message = await this.store.messages.findById(id);
    if (!message || message.roomId !== roomId) throw new NotFoundError('Message');
    return message;
  }

  private async present(record: MessageRecord, viewerId?: string): Promise<ChatMessage> {
    const authors = await this.authors.resolve([record.authorId]);
    return presentMessage(record, authors.get(record.authorId)!, viewerId);
  }

  private async presentMany(records: MessageRecord[], viewerId: string): Promise<ChatMessage[]> {
    const authors = await this.authors.resolve(records.map((r) => r.authorId));
    return records.map((r) => presentMessage(r, authors.get(r.authorId)!, viewerId));
  }
}
