import { ErrorCodes, SocketEvents, threadRefSchema } from '@cohort/shared';
import { ConflictError, ForbiddenError } from '../domain/errors';
import type { ThreadActivity, ThreadEvents } from '../domain/threadEvents';
import type { ThreadService } from '../domain/threadService';
import type { Logger } from '../logger';
import { onEvent } from './socketHandler';
import { EVERYONE_ROOM, type CohortIo, type CohortSocket } from './socketServer';

const THREAD_ROOM_PREFIX = 'thread:';
/** The Socket.io room of a thread's watchers. All fan-out goes through rooms, so a Redis adapter scales it out. */
export const threadRoom = (threadId: string) => `${THREAD_ROOM_PREFIX}${threadId}`;

export interface ThreadGatewayDeps {
  threads: ThreadService;
  threadEvents: ThreadEvents;
  logger: Logger;
  /** Threads one socket may watch at once: bounds what one connection can make the server track. */
  maxWatchesPerSocket?: number;
}

/**
 * Live threads (see docs/api.md, "Threads"): `thread:watch` / `thread:unwatch` put a socket in or out of a
 * thread's audience, which hears `thread:reply`, `thread:updated` and `thread:vote`; everyone signed in hears
 * `thread:new`. Returns a detach function.
 */
export function attachThreadGateway(io: CohortIo, deps: ThreadGatewayDeps): () => void {
  const { threads, logger } = deps;
  const maxWatches = deps.maxWatchesPerSocket ?? 200;

  const deliver = (event: ThreadActivity): void => {
    switch (event.type) {
      case 'thread.created':
        io.to(EVERYONE_ROOM).emit(SocketEvents.threadNew, { thread: event.thread });
        return;
      case 'thread.updated':
        io.to(threadRoom(event.thread.id)).emit(SocketEvents.threadUpdated, { thread: event.thread });
        return;
      case 'thread.deleted': {
        // Watchers learn of the deletion, then stop watching: a deleted thread has nothing more to say.
        const room = threadRoom(event.thread.id);
        io.to(room).emit(SocketEvents.threadUpdated, { thread: event.thread });
        io.in(room).socketsLeave(room);
        return;
      }
      case 'thread.voted':
        io.to(threadRoom(event.vote.threadId)).emit(SocketEvents.threadVote, event.vote);
        return;
      case 'thread.reply':
        io.to(threadRoom(event.reply.threadId)).emit(SocketEvents.threadReply, event.reply);
        return;
    }
  };
  const detachActivity = deps.threadEvents.on((event) => {
    try {
      deliver(event);
    } catch (err) {
      // A broadcast failure must not turn into a failed write: the change is stored already.
      logger.error({ err, type: event.type }, 'thread: live delivery failed');
    }
  });

  const watchedCount = (socket: CohortSocket): number => {
    let n = 0;
    for (const room of socket.rooms) if (room.startsWith(THREAD_ROOM_PREFIX)) n++;
    return n;
  };

  const onConnection = (socket: CohortSocket) => {
    const user = socket.data.user;

    // The socket joins before the thread is read, so every change after the state the ack carries is delivered.
    onEvent(socket, SocketEvents.threadWatch, threadRefSchema, async ({ threadId }) => {
      const room = threadRoom(threadId);
      const already = socket.rooms.has(room);
      if (!already && watchedCount(socket) >= maxWatches) {
        throw new ConflictError(`A connection may watch at most ${maxWatches} threads at once; unwatch one first`, ErrorCodes.conflict);
      }
      if (socket.disconnected) throw new ForbiddenError('The connection closed');
      void socket.join(room);
      try {
        return { thread: await threads.view(user.id, threadId) };
      } catch (err) {
        // Unknown or deleted: not watched (unless it was watched before, when a deletion already ended that).
        if (!already) void socket.leave(room);
        throw err;
      }
    }, logger);

    onEvent(socket, SocketEvents.threadUnwatch, threadRefSchema, async ({ threadId }) => {
      void socket.leave(threadRoom(threadId));
    }, logger);
  };

  io.on('connection', onConnection);
  return () => {
    io.off('connection', onConnection);
    detachActivity();
  };
}
