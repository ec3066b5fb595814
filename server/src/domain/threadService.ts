import type {
  PublicUser,
  ReplyCreateInput,
  ReplyEditInput,
  ReplyView,
  ThreadCreateInput,
  ThreadEditInput,
  ThreadListQueryInput,
  ThreadView,
  VoteValue,
} from '@cohort/shared';
import { nowIso } from '../store/ids';
import type { ReplyRecord, Store, ThreadRecord } from '../store/ports';
import type { AuthorDirectory } from './authorDirectory';
import type { ContentEvents } from './contentEvents';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { mayDeletePost, mayEditPost } from './policies';
import { presentReply, presentThread, presentUser } from './presenters';
import type { ThreadEvents } from './threadEvents';

/** Who is acting: the id decides authorship, the username decides moderation. */
export type ThreadActor = PublicUser;

export interface ThreadPolicy {
  /** Lower-case usernames of community moderators (config MODERATORS): they may delete anyone's posts. */
  moderators: ReadonlySet<string>;
}

export interface ThreadPage {
  threads: ThreadView[];
  nextCursor: string | null;
}

/**
 * How many best matches a search ranks before an `author` filter is applied: the search port has no author
 * option, so the filter runs over this pool. Generous for a community's threads, bounded for the store.
 */
const AUTHOR_SEARCH_POOL = 200;

const sameTags = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * The rules of experience threads. Anyone signed in reads, posts, replies and votes (one vote per user and
 * thread). Only authors edit their posts (editing sets `editedAt`); authors and community moderators delete
 * them, softly: a deleted thread leaves listings and answers 404, a deleted reply keeps its place blanked.
 * Every stored change is announced on `content.changed` (for the semantic layer) and on ThreadEvents (for
 * live audiences), after it is stored.
 */
export class ThreadService {
  constructor(
    private readonly store: Store,
    private readonly authors: AuthorDirectory,
    private readonly content: ContentEvents,
    private readonly activity: ThreadEvents,
    private readonly policy: ThreadPolicy,
  ) {}

  async create(actor: ThreadActor, input: ThreadCreateInput): Promise<ThreadView> {
    const record = await this.store.threads.create({ title: input.title, body: input.body, tags: input.tags, authorId: actor.id });
    const author = presentUser(actor);
    this.authors.remember(author);
    this.content.emit({ type: 'thread', id: record.id });
    const thread = presentThread(record, author);
    this.activity.emit({ type: 'thread.created', thread });
    return { ...thread, myVote: 0 };
  }

  /** A page of live threads for the viewer; with `q`, the best lexical matches instead (ranked, no next page). */
  async list(viewerId: string, query: ThreadListQueryInput): Promise<ThreadPage> {
    if (query.q !== undefined) {
      const pool = query.author !== undefined ? AUTHOR_SEARCH_POOL : query.limit;
      const hits = await this.store.threads.search(query.q, query.tag !== undefined ? { limit: pool, tag: query.tag } : { limit: pool });
      const records = hits.map((hit) => hit.thread).filter((t) => query.author === undefined || t.authorId === query.author);
      return { threads: await this.presentMany(records.slice(0, query.limit), viewerId), nextCursor: null };
    }
    const page = await this.store.threads.list({
      sort: query.sort,
      limit: query.limit,
      ...(query.tag !== undefined ? { tag: query.tag } : {}),
      ...(query.author !== undefined ? { authorId: query.author } : {}),
      ...(query.cursor !== undefined ? { cursor: query.cursor } : {}),
    });
    return { threads: await this.presentMany(page.threads, viewerId), nextCursor: page.nextCursor };
  }

  /** The live thread with every reply (deleted ones blanked), oldest first. */
  async get(viewerId: string, threadId: string): Promise<{ thread: ThreadView; replies: ReplyView[] }> {
    const record = await this.live(threadId);
    const [replies, myVote] = await Promise.all([this.store.threads.listReplies(threadId), this.store.threads.getVote(threadId, viewerId)]);
    const users = await this.authors.resolve([record.authorId, ...replies.map((r) => r.authorId)]);
    return {
      thread: presentThread(record, users.get(record.authorId)!, myVote),
      replies: replies.map((r) => presentReply(r, users.get(r.authorId)!)),
    };
  }

  /** The live thread as the viewer sees it; 404 when it does not exist or was deleted. */
  async view(viewerId: string, threadId: string): Promise<ThreadView> {
    const record = await this.live(threadId);
    const [users, myVote] = await Promise.all([this.authors.resolve([record.authorId]), this.store.threads.getVote(threadId, viewerId)]);
    return presentThread(record, users.get(record.authorId)!, myVote);
  }

  /** The author changes title, body or tags. A patch that changes nothing stores nothing and announces nothing. */
  async edit(actor: ThreadActor, threadId: string, patch: ThreadEditInput): Promise<ThreadView> {
    const current = await this.live(threadId);
    if (!mayEditPost(actor, current)) throw new ForbiddenError('Only the author may edit this thread');
    const changes: { title?: string; body?: string; tags?: string[] } = {};
    if (patch.title !== undefined && patch.title !== current.title) changes.title = patch.title;
    if (patch.body !== undefined && patch.body !== current.body) changes.body = patch.body;
    if (patch.tags !== undefined && !sameTags(patch.tags, current.tags)) changes.tags = patch.tags;
    const myVote = await this.store.threads.getVote(threadId, actor.id);
    if (Object.keys(changes).length === 0) return presentThread(current, presentUser(actor), myVote);

    const updated = await this.store.threads.update(threadId, changes, nowIso());
    // Deleted while we were editing: the edit is moot, and the thread is gone for the caller too.
    if (!updated || updated.deletedAt !== null) throw new NotFoundError('Thread');
    this.content.emit({ type: 'thread', id: threadId });
    const thread = presentThread(updated, presentUser(actor));
    this.activity.emit({ type: 'thread.updated', thread });
    return { ...thread, myVote };
  }

  /** Soft delete by the author or a moderator. */
  async delete(actor: ThreadActor, threadId: string): Promise<void> {
    const current = await this.live(threadId);
    if (!mayDeletePost(actor, current, this.policy.moderators)) {
      throw new ForbiddenError('Only the author or a moderator may delete this thread');
    }
    const deleted = await this.store.threads.softDelete(threadId, nowIso());
    if (!deleted) throw new NotFoundError('Thread');
    this.content.emit({ type: 'thread', id: threadId, deleted: true });
    const users = await this.authors.resolve([deleted.authorId]);
    this.activity.emit({ type: 'thread.deleted', thread: presentThread(deleted, users.get(deleted.authorId)!) });
  }

  /** A reply to a live thread; `replyTo` must be a reply of the same thread. */
  async reply(actor: ThreadActor, threadId: string, input: ReplyCreateInput): Promise<ReplyView> {
    await this.live(threadId);
    if (input.replyTo !== null) {
      const parent = await this.store.threads.findReply(input.replyTo);
      if (!parent || parent.threadId !== threadId) {
        throw new ValidationError('Invalid replyTo', { replyTo: 'must be the id of a reply in this thread' });
      }
    }
    const record = await this.store.threads.addReply({ threadId, authorId: actor.id, body: input.body, replyTo: input.replyTo });
    const author = presentUser(actor);
    this.authors.remember(author);
    this.content.emit({ type: 'reply', id: record.id });
    const reply = presentReply(record, author);
    await this.announceReply(threadId, 'created', reply);
    return reply;
  }

  /** The reply's author changes its body. */
  async editReply(actor: ThreadActor, threadId: string, replyId: string, input: ReplyEditInput): Promise<ReplyView> {
    const current = await this.liveReply(threadId, replyId);
    if (!mayEditPost(actor, current)) throw new ForbiddenError('Only the author may edit this reply');
    if (current.body === input.body) return presentReply(current, presentUser(actor));
    const updated = await this.store.threads.updateReply(replyId, input.body, nowIso());
    if (!updated || updated.deletedAt !== null) throw new NotFoundError('Reply');
    this.content.emit({ type: 'reply', id: replyId });
    const reply = presentReply(updated, presentUser(actor));
    await this.announceReply(threadId, 'edited', reply);
    return reply;
  }

  /** Soft delete of a reply by its author or a moderator; the thread's replyCount drops. */
  async deleteReply(actor: ThreadActor, threadId: string, replyId: string): Promise<void> {
    const current = await this.liveReply(threadId, replyId);
    if (!mayDeletePost(actor, current, this.policy.moderators)) {
      throw new ForbiddenError('Only the author or a moderator may delete this reply');
    }
    const deleted = await this.store.threads.softDeleteReply(replyId, nowIso());
    if (!deleted) throw new NotFoundError('Reply');
    this.content.emit({ type: 'reply', id: replyId, deleted: true });
    const users = await this.authors.resolve([deleted.authorId]);
    await this.announceReply(threadId, 'deleted', presentReply(deleted, users.get(deleted.authorId)!));
  }

  /** Sets the caller's vote (1, 0 takes it back, -1); the same vote again changes nothing. */
  async vote(actor: ThreadActor, threadId: string, value: VoteValue): Promise<{ score: number; myVote: VoteValue }> {
    await this.live(threadId);
    const score = await this.store.threads.vote(threadId, actor.id, value);
    this.activity.emit({ type: 'thread.voted', vote: { threadId, score } });
    return { score, myVote: value };
  }

  private async live(threadId: string): Promise<ThreadRecord> {
    const thread = await this.store.threads.findById(threadId);
    if (!thread || thread.deletedAt !== null) throw new NotFoundError('Thread');
    return thread;
  }

  /** A live reply of a live thread; a reply addressed through another thread is not found. */
  private async liveReply(threadId: string, replyId: string): Promise<ReplyRecord> {
    await this.live(threadId);
    const reply = await this.store.threads.findReply(replyId);
    if (!reply || reply.threadId !== threadId || reply.deletedAt !== null) throw new NotFoundError('Reply');
    return reply;
  }

  /** Tells watchers, with the thread's counters read after the change so they stay exact. */
  private async announceReply(threadId: string, change: 'created' | 'edited' | 'deleted', reply: ReplyView): Promise<void> {
    const thread = await this.store.threads.findById(threadId);
    if (!thread) return;
    this.activity.emit({ type: 'thread.reply', reply: { threadId, change, reply, replyCount: thread.replyCount, lastActivityAt: thread.lastActivityAt } });
  }

  private async presentMany(records: ThreadRecord[], viewerId: string): Promise<ThreadView[]> {
    const [users, votes] = await Promise.all([
      this.authors.resolve(records.map((r) => r.authorId)),
      // One read per thread: the port has no batch vote lookup (at most 50 per page).
      Promise.all(records.map((r) => this.store.threads.getVote(r.id, viewerId))),
    ]);
    return records.map((r, i) => presentThread(r, users.get(r.authorId)!, votes[i]));
  }
}
