import { EventEmitter } from 'node:events';
import type { ThreadReplyEvent, ThreadView, ThreadVoteEvent } from '@cohort/shared';

/**
 * What happened to threads after it was stored, for live audiences. The thread rules publish here and the
 * realtime gateway fans out, so the domain never knows about sockets. Views carry no per-user fields (no `myVote`).
 */
export type ThreadActivity =
  | { type: 'thread.created'; thread: ThreadView }
  | { type: 'thread.updated'; thread: ThreadView }
  | { type: 'thread.deleted'; thread: ThreadView }
  | { type: 'thread.voted'; vote: ThreadVoteEvent }
  | { type: 'thread.reply'; reply: ThreadReplyEvent };

/** The in-process bus from ThreadService to the thread gateway. Listeners must not throw. */
export class ThreadEvents {
  private readonly emitter = new EventEmitter();

  emit(event: ThreadActivity): void {
    this.emitter.emit('thread', event);
  }

  on(listener: (event: ThreadActivity) => void): () => void {
    this.emitter.on('thread', listener);
    return () => this.emitter.off('thread', listener);
  }
}
