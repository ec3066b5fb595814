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
  threadNew: 'thread:new',
  threadReply: 'thread:reply',
  threadUpdated: 'thread:updated',
  threadVote: 'thread:vote',
} as const;

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: { code: string; message: string; details?: Record<string, unknown> } };
