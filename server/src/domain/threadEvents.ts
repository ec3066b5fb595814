import type { ThreadReplyEvent, ThreadView, ThreadVoteEvent } from '@cohort/shared';
import { EventBus } from './eventBus';

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

/** The in-process bus from ThreadService to the thread gateway. */
export class ThreadEvents extends EventBus<ThreadActivity> {}
