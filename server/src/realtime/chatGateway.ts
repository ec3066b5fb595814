import {
  ErrorCodes,
  messageDeleteSchema,
  messageEditSchema,
  messageReactSchema,
  messageSendSchema,
  roomReadSchema,
  roomRefSchema,
  roomResyncSchema,
  SocketEvents,
  typingSchema,
} from '@cohort/shared';
import type { ChatService } from '../domain/chatService';
import { ConflictError, ForbiddenError, RateLimitedError } from '../domain/errors';
import type { RateLimiter } from '../domain/rateLimiter';
import type { RoomEvents } from '../domain/roomEvents';
import { presentRoom } from '../domain/presenters';
import type { RoomService } from '../domain/roomService';
import type { Logger } from '../logger';
import { KeyedSequencer } from './keyedSequencer';
import type { PresenceTracker } from './presenceTracker';
import { onEvent } from './socketHandler';
import { userRoom, type CohortIo, type CohortSocket } from './socketServer';
import type { TypingTracker } from './typingTracker';

const CHAT_ROOM_PREFIX = 'room:';
/** The Socket.io room of a chat room's live audience. All fan-out goes through it, so a Redis adapter scales it out. */
export const chatRoom = (roomId: string) => `${CHAT_ROOM_PREFIX}${roomId}`;
const roomIdOf = (channel: string): string | null => (channel.startsWith(CHAT_ROOM_PREFIX) ? channel.slice(CHAT_ROOM_PREFIX.length) : null);

export interface ChatGatewayDeps {
  rooms: RoomService;
  chat: ChatService;
  roomEvents: RoomEvents;
  presence: PresenceTracker;
  typing: TypingTracker;
  /** One token per message sent, keyed per user. */
  sendLimiter: RateLimiter;
  logger: Logger;
  /** Live rooms one socket may be in at once. */
  maxRoomsPerSocket?: number;
}

/** Registers the chat events on every connection (see docs/api.md, "Rooms and chat"). Returns a detach function. */
export function attachChatGateway(io: CohortIo, deps: ChatGatewayDeps): () => void {
  const { rooms, chat, presence, typing, logger } = deps;
  const maxRooms = deps.maxRoomsPerSocket ?? 100;
  const sequencer = new KeyedSequencer();

  const broadcastPresence = async (roomId: string) => {
    io.to(chatRoom(roomId)).emit(SocketEvents.presence, { roomId, online: await presence.online(roomId) });
  };
  const broadcastTyping = (roomId: string, userId: string, isTyping: boolean) => {
    // The typist's own tabs do not need to hear about themselves.
    io.to(chatRoom(roomId)).except(userRoom(userId)).emit(SocketEvents.typing, { roomId, userId, typing: isTyping });
  };
  const stopTyping = async (roomId: string, userId: string) => {
    if (await typing.stop(roomId, userId)) broadcastTyping(roomId, userId, false);
  };
  /** Never lets a background failure become an unhandled rejection. */
  const background = (what: string, work: Promise<unknown>) => {
    work.catch((err: unknown) => logger.error({ err }, `chat: ${what} failed`));
  };

  typing.onExpire((roomId, userId) => broadcastTyping(roomId, userId, false));
  presence.onExternalChange?.((roomId, droppedUserIds) =>
    background(
      'presence after an external change',
      (async () => {
        for (const userId of droppedUserIds) await stopTyping(roomId, userId);
        await broadcastPresence(roomId);
      })(),
    ),
  );

  const detachMembership = deps.roomEvents.on((event) => {
    const channel = chatRoom(event.roomId);
    if (event.type === 'member.added') {
      io.to(userRoom(event.userId)).emit(SocketEvents.roomAdded, { roomId: event.roomId, role: event.role });
      return;
    }
    if (event.type !== 'member.removed') return;
    // A removed member's tabs leave the live room at once, wherever they are connected.
    io.in(userRoom(event.userId)).socketsLeave(channel);
    io.to(userRoom(event.userId)).emit(SocketEvents.roomRemoved, { roomId: event.roomId });
    background(
      'eviction',
      (async () => {
        await stopTyping(event.roomId, event.userId);
        if (await presence.evict(event.roomId, event.userId)) await broadcastPresence(event.roomId);
      })(),
    );
  });

  const countChatRooms = (socket: CohortSocket) => {
    let n = 0;
    for (const channel of socket.rooms) if (roomIdOf(channel) !== null) n++;
    return n;
  };
  const assertRoomBudget = (socket: CohortSocket, roomId: string) => {
    if (!socket.rooms.has(chatRoom(roomId)) && countChatRooms(socket) >= maxRooms) {
      throw new ConflictError(`A connection may be in at most ${maxRooms} rooms at once; leave one first`, ErrorCodes.tooManyRooms);
    }
  };

  /** Puts the socket in the live room (after the access checks) and reports presence if the user came online. */
  const enterLiveRoom = async (socket: CohortSocket, roomId: string) => {
    assertRoomBudget(socket, roomId);
    const joined = await rooms.join(roomId, socket.data.user.id);
    // Checked again: other joins of this socket may have completed while the store answered.
    assertRoomBudget(socket, roomId);
    if (socket.disconnected) throw new ForbiddenError('The connection closed');
    void socket.join(chatRoom(roomId));
    if (await presence.enter(roomId, socket.data.user.id, socket.id)) await broadcastPresence(roomId);
    return joined;
  };

  const leaveLiveRoom = async (socket: CohortSocket, roomId: string, userId: string) => {
    if (await presence.leave(roomId, userId, socket.id)) {
      await stopTyping(roomId, userId);
      await broadcastPresence(roomId);
    }
  };

  const onConnection = (socket: CohortSocket) => {
    const user = socket.data.user;

    if (socket.recovered) {
      // Connection-state recovery gave the socket its rooms back: it counts as present there again.
      for (const channel of socket.rooms) {
        const roomId = roomIdOf(channel);
        if (roomId) background('presence on recovery', presence.enter(roomId, user.id, socket.id).then((came) => (came ? broadcastPresence(roomId) : undefined)));
      }
    }

    socket.on('disconnecting', () => {
      for (const channel of socket.rooms) {
        const roomId = roomIdOf(channel);
        if (roomId) background('presence on disconnect', leaveLiveRoom(socket, roomId, user.id));
      }
    });

    onEvent(socket, SocketEvents.roomJoin, roomRefSchema, async ({ roomId }) => {
      const { room, member } = await enterLiveRoom(socket, roomId);
      const [members, online] = await Promise.all([rooms.members(roomId), presence.online(roomId)]);
      return { room: presentRoom(room), role: member.role, members, online };
    }, logger);

    onEvent(socket, SocketEvents.roomLeave, roomRefSchema, async ({ roomId }) => {
      // Leaves the live room only; membership stays (DELETE /api/rooms/:id/members/:userId ends it).
      if (!socket.rooms.has(chatRoom(roomId))) return;
      void socket.leave(chatRoom(roomId));
      await leaveLiveRoom(socket, roomId, user.id);
    }, logger);

    onEvent(socket, SocketEvents.messageSend, messageSendSchema, async (input) => {
      const verdict = await deps.sendLimiter.consume(`send:${user.id}`);
      if (!verdict.allowed) throw new RateLimitedError(verdict.retryAfterSeconds, 'You are sending messages too fast; wait a moment');
      const sent = await sequencer.run(input.roomId, async () => {
        const result = await chat.send(user, input);
        // Stored before this line runs; a retry (created: false) was delivered the first time.
        if (result.created) io.to(chatRoom(input.roomId)).emit(SocketEvents.messageNew, { message: result.message });
        return result;
      });
      if (sent.created) {
        for (const userId of sent.mentionedUserIds) io.to(userRoom(userId)).emit(SocketEvents.mention, { roomId: input.roomId, message: sent.message });
        background('typing stop on send', stopTyping(input.roomId, user.id));
      }
      return { message: sent.message };
    }, logger);

    onEvent(socket, SocketEvents.messageEdit, messageEditSchema, async (input) => {
      const message = await chat.edit(user.id, input);
      io.to(chatRoom(message.roomId)).emit(SocketEvents.messageUpdated, { message });
      return { message };
    }, logger);

    onEvent(socket, SocketEvents.messageDelete, messageDeleteSchema, async (input) => {
      const { message, changed } = await chat.delete(user.id, input);
      if (changed) io.to(chatRoom(message.roomId)).emit(SocketEvents.messageDeleted, { message });
      return { message };
    }, logger);

    onEvent(socket, SocketEvents.messageReact, messageReactSchema, async (input) => {
      const { message, active } = await chat.react(user.id, input);
      const { myReactions: _mine, ...shared } = message;
      io.to(chatRoom(message.roomId)).emit(SocketEvents.messageUpdated, { message: shared, reaction: { userId: user.id, emoji: input.emoji, active } });
      return { message, active };
    }, logger);

    onEvent(socket, SocketEvents.typing, typingSchema, async ({ roomId, typing: isTyping }) => {
      // Only from the live room, whose entry checked access: typing is too frequent to ask the store each time.
      if (!socket.rooms.has(chatRoom(roomId))) throw new ForbiddenError('Join the room first');
      if (isTyping) {
        if (await typing.start(roomId, user.id)) broadcastTyping(roomId, user.id, true);
      } else {
        await stopTyping(roomId, user.id);
      }
    }, logger);

    onEvent(socket, SocketEvents.roomRead, roomReadSchema, async ({ roomId, messageId }) => {
      await rooms.markRead(roomId, user.id, messageId);
    }, logger);

    onEvent(socket, SocketEvents.roomResync, roomResyncSchema, async ({ roomId, afterId, limit }) =>
      // Under the room's sequencer no send can be stored and broadcast between the query and the join:
      // what the answer holds is exactly what came before live delivery starts.
      sequencer.run(roomId, async () => {
        const page = await chat.after(user.id, roomId, afterId, limit);
        // With more to fetch, the client asks again from the last id; it joins live with the final page.
        if (!page.hasMore) await enterLiveRoom(socket, roomId);
        return { messages: page.messages, hasMore: page.hasMore, joined: !page.hasMore };
      }),
    logger);
  };

  io.on('connection', onConnection);
  return () => {
    io.off('connection', onConnection);
    detachMembership();
    typing.close();
  };
}
