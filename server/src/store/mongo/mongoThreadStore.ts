import type { FilterQuery } from 'mongoose';
import { newId } from '../ids';
import { newReplyRecord, newThreadRecord } from '../newRecords';
import type { ReplyRecord, ThreadListQuery, ThreadRecord, ThreadSort, ThreadStore, VoteValue } from '../ports';
import { queryTerms, searchScore, searchTermsOf } from '../searchTerms';
import { decodeThreadCursor, threadPage } from '../threadCursor';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { ReplyDoc } from './models/replies';
import type { ThreadDoc } from './models/threads';
import { updateElseInsert } from './mongoUpsert';

type ThreadFields = Omit<ThreadDoc, 'searchTerms'>;

const toThread = (d: ThreadFields): ThreadRecord => ({
  id: d._id,
  title: d.title,
  body: d.body,
  tags: [...d.tags],
  authorId: d.authorId,
  score: d.score,
  replyCount: d.replyCount,
  createdAt: d.createdAt,
  editedAt: d.editedAt,
  deletedAt: d.deletedAt,
  lastActivityAt: d.lastActivityAt,
});

const toReply = (d: ReplyDoc): ReplyRecord => ({
  id: d._id,
  threadId: d.threadId,
  authorId: d.authorId,
  body: d.body,
  replyTo: d.replyTo,
  createdAt: d.createdAt,
  editedAt: d.editedAt,
  deletedAt: d.deletedAt,
});

const sortField = { new: 'createdAt', top: 'score', active: 'lastActivityAt' } as const satisfies Record<ThreadSort, keyof ThreadDoc>;

/** Everything but the search index, which callers never see. */
const THREAD_FIELDS = { searchTerms: 0 } as const;

/**
 * How many matching threads search() ranks at most (the newest ones). Ranking happens here, not in the
 * database (FerretDB has no $text and too little aggregation), so this bounds the work of a very common term.
 */
const SEARCH_CANDIDATES = 2000;

export class MongoThreadStore implements ThreadStore {
  private readonly threads;
  private readonly replies;
  private readonly votes;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.threads = models.threads;
    this.replies = models.replies;
    this.votes = models.votes;
  }

  async create(input: { title: string; body: string; tags: string[]; authorId: string }): Promise<ThreadRecord> {
    const thread = newThreadRecord(input);
    const { id, ...fields } = thread;
    await this.threads.create({ _id: id, ...fields, searchTerms: searchTermsOf(thread) });
    return thread;
  }

  async findById(id: string): Promise<ThreadRecord | null> {
    const doc = await this.threads.findById(id, THREAD_FIELDS).lean();
    return doc ? toThread(doc) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<ThreadRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.threads.find({ _id: { $in: [...new Set(ids)] } }, THREAD_FIELDS).lean();
    return docs.map(toThread);
  }

  async update(id: string, patch: { title?: string; body?: string; tags?: string[] }, editedAt: string): Promise<ThreadRecord | null> {
    return this.locks.run('threads', id, async () => {
      // The search terms depend on all three texts, so read them, and write back only if they are still
      // what was read (a concurrent edit from another process makes this go round again).
      for (;;) {
        const current = await this.threads.findById(id, { title: 1, body: 1, tags: 1 }).lean();
        if (!current) return null;
        const next = {
          title: patch.title ?? current.title,
          body: patch.body ?? current.body,
          tags: patch.tags ? [...patch.tags] : [...current.tags],
        };
        const doc = await this.threads
          .findOneAndUpdate(
            { _id: id, title: current.title, body: current.body, tags: current.tags },
            { $set: { ...next, editedAt, searchTerms: searchTermsOf(next) } },
            { new: true },
          )
          .lean();
        if (doc) return toThread(doc);
      }
    });
  }

  async softDelete(id: string, deletedAt: string): Promise<ThreadRecord | null> {
    return this.locks.run('threads', id, async () => {
      // Only the first delete writes, so deletedAt keeps the first time.
      await this.threads.updateOne({ _id: id, deletedAt: null }, { $set: { deletedAt } });
      return this.findById(id);
    });
  }

  async list(query: ThreadListQuery): Promise<{ threads: ThreadRecord[]; nextCursor: string | null }> {
    if (query.limit <= 0) return { threads: [], nextCursor: null };
    const field = sortField[query.sort];
    // A malformed cursor (or one from another sort) starts from the top rather than failing the listing.
    const cursor = query.cursor ? decodeThreadCursor(query.cursor, query.sort) : null;
    const filter: FilterQuery<ThreadDoc> = { deletedAt: null };
    if (query.authorId !== undefined) filter.authorId = query.authorId;
    if (query.tag !== undefined) filter.tags = query.tag;
    if (cursor) filter.$or = [{ [field]: { $lt: cursor.key } }, { [field]: cursor.key, _id: { $lt: cursor.id } }];
    const docs = await this.threads
      .find(filter, THREAD_FIELDS)
      .sort({ [field]: -1, _id: -1 })
      .limit(query.limit + 1)
      .lean();
    return threadPage(docs.map(toThread), query.limit, query.sort);
  }

  async search(query: string, options: { limit: number; tag?: string }): Promise<Array<{ thread: ThreadRecord; score: number }>> {
    const terms = queryTerms(query);
    if (terms.length === 0 || options.limit <= 0) return [];
    const filter: FilterQuery<ThreadDoc> = { deletedAt: null, searchTerms: { $in: terms } };
    if (options.tag !== undefined) filter.tags = options.tag;
    const docs = await this.threads.find(filter, THREAD_FIELDS).sort({ createdAt: -1, _id: -1 }).limit(SEARCH_CANDIDATES).lean();
    return docs
      .map((doc) => ({ thread: toThread(doc), score: searchScore(doc, terms) }))
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || cmpDesc(a.thread.createdAt, b.thread.createdAt) || cmpDesc(a.thread.id, b.thread.id))
      .slice(0, options.limit);
  }

  async addReply(input: { threadId: string; authorId: string; body: string; replyTo: string | null }): Promise<ReplyRecord> {
    return this.locks.run('threads', input.threadId, async () => {
      if (!(await this.threads.exists({ _id: input.threadId }))) throw new Error(`thread ${input.threadId} does not exist`);
      const reply = newReplyRecord(input);
      const { id, ...fields } = reply;
      await this.replies.create({ _id: id, ...fields });
      // No transaction across the two documents: the reply is stored first, then counted; if counting
      // fails the reply is taken back so replyCount never disagrees with the stored replies.
      try {
        await this.threads.updateOne({ _id: input.threadId }, { $inc: { replyCount: 1 }, $max: { lastActivityAt: reply.createdAt } });
      } catch (err) {
        await this.replies.deleteOne({ _id: id }).catch(() => undefined);
        throw err;
      }
      return reply;
    });
  }

  async findReply(id: string): Promise<ReplyRecord | null> {
    const doc = await this.replies.findById(id).lean();
    return doc ? toReply(doc) : null;
  }

  async updateReply(id: string, body: string, editedAt: string): Promise<ReplyRecord | null> {
    return this.locks.run('replies', id, async () => {
      const doc = await this.replies.findOneAndUpdate({ _id: id }, { $set: { body, editedAt } }, { new: true }).lean();
      return doc ? toReply(doc) : null;
    });
  }

  async softDeleteReply(id: string, deletedAt: string): Promise<ReplyRecord | null> {
    return this.locks.run('replies', id, async () => {
      // Only the delete that actually marks the reply drops the count, so a repeat cannot count twice.
      const before = await this.replies.findOneAndUpdate({ _id: id, deletedAt: null }, { $set: { deletedAt } }, { new: false }).lean();
      if (before) {
        await this.locks.run('threads', before.threadId, () =>
          this.threads.updateOne({ _id: before.threadId, replyCount: { $gt: 0 } }, { $inc: { replyCount: -1 } }),
        );
      }
      return this.findReply(id);
    });
  }

  async listReplies(threadId: string): Promise<ReplyRecord[]> {
    const docs = await this.replies.find({ threadId }).sort({ createdAt: 1, _id: 1 }).lean();
    return docs.map(toReply);
  }

  async vote(threadId: string, userId: string, value: VoteValue): Promise<number> {
    return this.locks.run('threads', threadId, async () => {
      if (!(await this.threads.exists({ _id: threadId }))) throw new Error(`thread ${threadId} does not exist`);
      // Swap the vote and learn the old one in one atomic step, then move the score by the difference
      // with $inc. Both steps are single-document atomic on MongoDB, so concurrent votes from any number of
      // processes add up exactly; a lost insert race (same user, twice at once) retries as an update, whose
      // returned previous value is then the racing insert's.
      const previous = await updateElseInsert<VoteValue>(
        'vote',
        async () => (await this.votes.findOneAndUpdate({ threadId, userId }, { $set: { value } }, { new: false }).lean())?.value ?? null,
        async () => {
          await this.votes.create({ _id: newId(), threadId, userId, value });
          return 0;
        },
      );
      const delta = value - previous;
      const doc =
        delta === 0
          ? await this.threads.findById(threadId, { score: 1 }).lean()
          : await this.threads.findOneAndUpdate({ _id: threadId }, { $inc: { score: delta } }, { new: true }).lean();
      if (!doc) throw new Error(`thread ${threadId} does not exist`);
      return doc.score;
    });
  }

  async getVote(threadId: string, userId: string): Promise<VoteValue> {
    const doc = await this.votes.findOne({ threadId, userId }, { value: 1 }).lean();
    return doc?.value ?? 0;
  }

  async listParticipatedThreadIds(userId: string): Promise<string[]> {
    const [replied, voted] = await Promise.all([
      this.replies.distinct('threadId', { authorId: userId }),
      this.votes.distinct('threadId', { userId, value: { $ne: 0 } }),
    ]);
    const docs = await this.threads
      .find({ deletedAt: null, $or: [{ authorId: userId }, { _id: { $in: [...new Set([...replied, ...voted])] } }] }, { _id: 1 })
      .sort({ createdAt: -1, _id: -1 })
      .lean();
    return docs.map((d) => d._id);
  }
}

const cmpDesc = (a: string, b: string): number => (a < b ? 1 : a > b ? -1 : 0);
