import type { z } from 'zod';
import type {
  ChatMessage,
  messageDeleteSchema,
  messageEditSchema,
  messageReactSchema,
  messageSendSchema,
  RoomMemberView,
  roomReadSchema,
  roomRefSchema,
  roomResyncSchema,
  RoomRole,
  RoomView,
  typingSchema,
} from './schemas/rooms';
import type { threadRefSchema, ThreadReplyEvent, ThreadView, ThreadVoteEvent } from './schemas/threads';
import type { NotificationView } from './schemas/notifications';

/**
 * Socket.io event names, in one place for server and client. Every client -> server event takes an ack
 * answered `{ok: true, ...}` or `{ok: false, error: {code, message, details?}}`.
 */
export const SocketEvents = {
  // client -> server
  roomJoin: 'room:join',
  roomLeave: 'room:leave',
  roomRead: 'room:read',
  roomResync: 'room:resync',
  messageSend: 'message:send',
  messageEdit: 'message:edit',
  messageDelete: 'message:delete',
  messageReact: 'message:react',
  typing: 'typing',
  threadWatch: 'thread:watch',
  threadUnwatch: 'thread:unwatch',
  // server -> client
  messageNew: 'message:new',
  messageUpdated: 'message:updated',
  messageDeleted: 'message:deleted',
  presence: 'presence',
  mention: 'mention',
  roomAdded: 'room:added',
  roomRemoved: 'room:removed',
  threadNew: 'thread:new',
  threadReply: 'thread:reply',
  threadUpdated: 'thread:updated',
  threadVote: 'thread:vote',
  notificationNew: 'notification:new',
} as const;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };

// ---------------------------------------------------------------- what the acks carry besides `ok: true`

/** An ack that carries nothing but `ok`. */
export type EmptyAck = Record<never, never>;

/** room:join */
export interface RoomJoinAck {
  room: RoomView;
  role: RoomRole;
  members: RoomMemberView[];
  /** Ids of the users in the live room. */
  online: string[];
}

/** room:resync: `joined` is true on the final page, whose answer also entered the live room. */
export interface RoomResyncAck {
  messages: ChatMessage[];
  hasMore: boolean;
  joined: boolean;
}

/** message:send, message:edit, message:delete */
export interface MessageAck {
  message: ChatMessage;
}

/** message:react: the message with the caller's `myReactions`, and whether their reaction is now on. */
export interface MessageReactAck {
  message: ChatMessage;
  active: boolean;
}

/** thread:watch: the thread as the caller sees it, from which every later change is delivered. */
export interface ThreadWatchAck {
  thread: ThreadView;
}

// ---------------------------------------------------------------- server -> client payloads

/** message:new and message:deleted */
export interface ChatMessageEvent {
  message: ChatMessage;
}

/** message:updated: an edit, or a toggled reaction (then `reaction` says whose, and the message has no `myReactions`). */
export interface MessageUpdatedEvent {
  message: ChatMessage;
  reaction?: { userId: string; emoji: string; active: boolean };
}

/** presence: who is in the live room now. */
export interface PresenceEvent {
  roomId: string;
  online: string[];
}

/** typing, as others in the live room hear it. */
export interface TypingEvent {
  roomId: string;
  userId: string;
  typing: boolean;
}

/** mention: to every socket of a member mentioned with `@username`. */
export interface MentionEvent {
  roomId: string;
  message: ChatMessage;
}

/** room:added: the user became a member. */
export interface RoomAddedEvent {
  roomId: string;
  role: RoomRole;
}

/** room:removed: the user is no longer a member; their sockets have left the live room. */
export interface RoomRemovedEvent {
  roomId: string;
}

/** thread:new and thread:updated */
export interface ThreadEvent {
  thread: ThreadView;
}

/** notification:new: to every socket of its user, the text in that socket's language; `unread` counts after it. */
export interface NotificationNewEvent {
  notification: NotificationView;
  unread: number;
}

// ---------------------------------------------------------------- the typed Socket.io event maps

/** Every client -> server event: what the client sends (before defaults apply) and what the ack carries. */
interface ClientEvents {
  [SocketEvents.roomJoin]: { payload: z.input<typeof roomRefSchema>; ack: RoomJoinAck };
  [SocketEvents.roomLeave]: { payload: z.input<typeof roomRefSchema>; ack: EmptyAck };
  [SocketEvents.roomRead]: { payload: z.input<typeof roomReadSchema>; ack: EmptyAck };
  [SocketEvents.roomResync]: { payload: z.input<typeof roomResyncSchema>; ack: RoomResyncAck };
  [SocketEvents.messageSend]: { payload: z.input<typeof messageSendSchema>; ack: MessageAck };
  [SocketEvents.messageEdit]: { payload: z.input<typeof messageEditSchema>; ack: MessageAck };
  [SocketEvents.messageDelete]: { payload: z.input<typeof messageDeleteSchema>; ack: MessageAck };
  [SocketEvents.messageReact]: { payload: z.input<typeof messageReactSchema>; ack: MessageReactAck };
  [SocketEvents.typing]: { payload: z.input<typeof typingSchema>; ack: EmptyAck };
  [SocketEvents.threadWatch]: { payload: z.input<typeof threadRefSchema>; ack: ThreadWatchAck };
  [SocketEvents.threadUnwatch]: { payload: z.input<typeof threadRefSchema>; ack: EmptyAck };
}

export type ClientEventName = keyof ClientEvents;
export type ClientEventPayload<E extends ClientEventName> = ClientEvents[E]['payload'];
export type ClientEventAck<E extends ClientEventName> = ClientEvents[E]['ack'];

/** The ack is optional: an event sent without one is still carried out, and nobody hears the answer. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventPayload<E>, ack?: (reply: Ack<ClientEventAck<E>>) => void) => void;
};

/** Every server -> client event and its payload. */
export interface ServerToClientEvents {
  [SocketEvents.messageNew]: (event: ChatMessageEvent) => void;
  [SocketEvents.messageUpdated]: (event: MessageUpdatedEvent) => void;
  [SocketEvents.messageDeleted]: (event: ChatMessageEvent) => void;
  [SocketEvents.typing]: (event: TypingEvent) => void;
  [SocketEvents.presence]: (event: PresenceEvent) => void;
  [SocketEvents.mention]: (event: MentionEvent) => void;
  [SocketEvents.roomAdded]: (event: RoomAddedEvent) => void;
  [SocketEvents.roomRemoved]: (event: RoomRemovedEvent) => void;
  [SocketEvents.threadNew]: (event: ThreadEvent) => void;
  [SocketEvents.threadUpdated]: (event: ThreadEvent) => void;
  [SocketEvents.threadReply]: (event: ThreadReplyEvent) => void;
  [SocketEvents.threadVote]: (event: ThreadVoteEvent) => void;
  [SocketEvents.notificationNew]: (event: NotificationNewEvent) => void;
}
