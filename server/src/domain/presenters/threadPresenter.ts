import type { PublicUser, ReplyView, ThreadView, VoteValue } from '@cohort/shared';
import type { ReplyRecord, ThreadRecord } from '../../store/ports';

/** A thread as clients see it; `myVote` only in copies made for one viewer. A deleted thread gives none of its content away. */
export function presentThread(record: ThreadRecord, author: PublicUser, myVote?: VoteValue): ThreadView {
  const deleted = record.deletedAt !== null;
  const view: ThreadView = {
    id: record.id,
    title: deleted ? '' : record.title,
    body: deleted ? '' : record.body,
    tags: deleted ? [] : [...record.tags],
    author,
    score: record.score,
    replyCount: record.replyCount,
    createdAt: record.createdAt,
    editedAt: record.editedAt,
    deletedAt: record.deletedAt,
    lastActivityAt: record.lastActivityAt,
  };
  if (myVote !== undefined) view.myVote = myVote;
  return view;
}

/** A reply as clients see it; a deleted one keeps its place (replies may point at it) but not its text. */
export function presentReply(record: ReplyRecord, author: PublicUser): ReplyView {
  return {
    id: record.id,
    threadId: record.threadId,
    author,
    body: record.deletedAt !== null ? '' : record.body,
    replyTo: record.replyTo,
    createdAt: record.createdAt,
    editedAt: record.editedAt,
    deletedAt: record.deletedAt,
  };
}
