import { z } from 'zod';
import { multiLine, singleLine } from './text';
import { isoTimeSchema } from './responseParts';
import { publicUserSchema } from './users';

/** Longest chat message, in characters (code points, so an emoji counts once). */
export const MESSAGE_MAX_CHARS = 4000;
/** Most messages one history page or resync answer carries. */
export const HISTORY_MAX_LIMIT = 100;
export const HISTORY_DEFAULT_LIMIT = 50;

// Ids are opaque, but they are never long and never contain control characters or spaces.
export const opaqueIdSchema = z.string().regex(/^[\x21-\x7E]{1,128}$/, 'must be an id');

/** The sender's idempotency key (a UUID is typical): 1-128 printable ASCII characters without spaces. */
export const clientIdSchema = z.string().regex(/^[\x21-\x7E]{1,128}$/, 'must be 1-128 printable ASCII characters without spaces');

/** A chat body: 1-4000 characters, not only whitespace, no control characters other than tab and newlines. */
export const messageBodySchema = multiLine(MESSAGE_MAX_CHARS * 2)
  .refine((s) => [...s].length <= MESSAGE_MAX_CHARS, `must be at most ${MESSAGE_MAX_CHARS} characters`)
  .refine((s) => s.trim().length > 0, 'must not be empty');

/** A reaction: one emoji or a short token such as `:ship:`; no whitespace. */
export const emojiSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters')
  .refine((s) => [...s].length <= 16 && !/[\s\u0000-\u001F\u007F-\u009F]/.test(s), 'must be one emoji or a short token without spaces');

export const roomVisibilitySchema = z.enum(['public', 'private']);
/** A topic room is created by someone for a subject; a direct room is the one conversation of a set of people. */
export const roomKindSchema = z.enum(['topic', 'direct']);
export const roomRoleSchema = z.enum(['owner', 'moderator', 'member']);
/** Roles an owner may hand out: ownership itself is not transferable here. */
export const assignableRoomRoleSchema = z.enum(['moderator', 'member']);

// ---------------------------------------------------------------- REST bodies and queries

/** POST /api/rooms */
export const roomCreateSchema = z.strictObject({
  name: singleLine(80),
  topic: singleLine(120),
  description: multiLine(2000).optional().default(''),
  visibility: roomVisibilitySchema,
});
export type RoomCreateInput = z.infer<typeof roomCreateSchema>;

/** POST /api/rooms/:id/members */
export const roomMemberAddSchema = z.strictObject({
  userId: opaqueIdSchema,
  role: assignableRoomRoleSchema.optional().default('member'),
});
export type RoomMemberAddInput = z.infer<typeof roomMemberAddSchema>;

/** PUT /api/rooms/:id/members/:userId */
export const roomMemberRoleSchema = z.strictObject({ role: assignableRoomRoleSchema });
export type RoomMemberRoleInput = z.infer<typeof roomMemberRoleSchema>;

/** GET /api/rooms/:id/messages?before=&limit= (unknown query parameters, such as cache busters, are ignored). */
export const historyQuerySchema = z.object({
  before: opaqueIdSchema.optional(),
  limit: z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(HISTORY_MAX_LIMIT, `must be at most ${HISTORY_MAX_LIMIT}`).optional().default(HISTORY_DEFAULT_LIMIT),
});
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

// ---------------------------------------------------------------- socket payloads

/** room:join and room:leave */
export const roomRefSchema = z.strictObject({ roomId: opaqueIdSchema });
export type RoomRefInput = z.infer<typeof roomRefSchema>;

/** message:send */
export const messageSendSchema = z.strictObject({ roomId: opaqueIdSchema, body: messageBodySchema, clientId: clientIdSchema });
export type MessageSendInput = z.infer<typeof messageSendSchema>;

/** message:edit */
export const messageEditSchema = z.strictObject({ messageId: opaqueIdSchema, body: messageBodySchema });
export type MessageEditInput = z.infer<typeof messageEditSchema>;

/** message:delete (a `body` is tolerated and ignored, since the contract lists `{messageId, body?}` for both events) */
export const messageDeleteSchema = z.strictObject({ messageId: opaqueIdSchema, body: z.unknown().optional() });
export type MessageDeleteInput = z.infer<typeof messageDeleteSchema>;

/** message:react toggles the caller's reaction */
export const messageReactSchema = z.strictObject({ messageId: opaqueIdSchema, emoji: emojiSchema });
export type MessageReactInput = z.infer<typeof messageReactSchema>;

/** typing */
export const typingSchema = z.strictObject({ roomId: opaqueIdSchema, typing: z.boolean() });
export type TypingInput = z.infer<typeof typingSchema>;

/** room:read moves the caller's read marker forward to messageId */
export const roomReadSchema = z.strictObject({ roomId: opaqueIdSchema, messageId: opaqueIdSchema });
export type RoomReadInput = z.infer<typeof roomReadSchema>;

/** room:resync: what came after the last message the client saw */
export const roomResyncSchema = z.strictObject({
  roomId: opaqueIdSchema,
  afterId: opaqueIdSchema,
  limit: z.number().int().min(1).max(HISTORY_MAX_LIMIT).optional().default(HISTORY_MAX_LIMIT),
});
export type RoomResyncInput = z.infer<typeof roomResyncSchema>;

// ---------------------------------------------------------------- what the server sends

export type RoomVisibility = z.infer<typeof roomVisibilitySchema>;
export type RoomRole = z.infer<typeof roomRoleSchema>;
export type RoomKind = z.infer<typeof roomKindSchema>;

export const roomViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    topic: z.string(),
    description: z.string(),
    visibility: roomVisibilitySchema,
    /** `direct` rooms are private conversations of a fixed set of people, named by their members in clients. */
    kind: roomKindSchema,
    ownerId: z.string(),
    createdAt: isoTimeSchema,
  })
  .meta({ id: 'Room' });
export type RoomView = z.infer<typeof roomViewSchema>;

/** A room in GET /api/rooms: the caller's role (null when not a member) and what they have not read. */
export const roomListItemSchema = roomViewSchema
  .extend({ role: roomRoleSchema.nullable(), unread: z.number().int(), mentions: z.number().int() })
  .meta({ id: 'RoomListItem' });
export type RoomListItem = z.infer<typeof roomListItemSchema>;

export const roomMemberViewSchema = z
  .object({ user: publicUserSchema, role: roomRoleSchema, joinedAt: isoTimeSchema })
  .meta({ id: 'RoomMember' });
export type RoomMemberView = z.infer<typeof roomMemberViewSchema>;

/** A chat message as clients see it. A deleted message keeps its place with an empty body and `deletedAt` set. */
export const chatMessageSchema = z
  .object({
    id: z.string(),
    roomId: z.string(),
    author: publicUserSchema,
    body: z.string(),
    createdAt: isoTimeSchema,
    clientId: z.string(),
    editedAt: isoTimeSchema.nullable(),
    deletedAt: isoTimeSchema.nullable(),
    /** Usernames mentioned with `@name` who are members of the room. */
    mentions: z.array(z.string()),
    /** emoji -> how many people reacted with it. */
    reactions: z.record(z.string(), z.number().int()),
    /** The reactions of the user this copy was made for; absent in room broadcasts. */
    myReactions: z.array(z.string()).optional(),
  })
  .meta({ id: 'ChatMessage' });
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** GET /api/rooms */
export const roomListResponseSchema = z.object({ rooms: z.array(roomListItemSchema) });

/** GET /api/rooms/:id: members by join time, and the caller's role (null when not a member). */
export const roomDetailsSchema = z.object({ room: roomViewSchema, members: z.array(roomMemberViewSchema), role: roomRoleSchema.nullable() });

/** GET /api/rooms/:id/messages, oldest first. */
export const messagesPageSchema = z.object({ messages: z.array(chatMessageSchema), hasMore: z.boolean() });

/** POST /api/rooms/:id/join */
export const roomJoinResponseSchema = z.object({ roomId: z.string(), role: roomRoleSchema, joinedAt: isoTimeSchema });
