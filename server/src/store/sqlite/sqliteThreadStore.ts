import { newReplyRecord, newThreadRecord } from '../newRecords';
import type { ReplyRecord, ThreadListQuery, ThreadRecord, ThreadSort, ThreadStore, VoteValue } from '../ports';
import { decodeThreadCursor, threadPage } from '../threadCursor';
import type { SqliteDb } from './sqliteDatabase';

interface ThreadRow {
  id: string;
  title: string;
  body: string;
  tags: string;
  author_id: string;
  score: number;
  reply_count: number;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
  last_activity_at: string;
  fts_rowid: number | null;
}

interface ReplyRow {
  id: string;
  thread_id: string;
  author_id: string;
  body: string;
  reply_to: string | null;
  created_at: string;
  edited_at: string | null;
  deleted_at: string | null;
}

interface ListParams {
  authorId: string | null;
  tag: string | null;
  key: string | number | null;
  id: string | null;
  limit: number;
}

const toThread = (r: ThreadRow): ThreadRecord => ({
  id: r.id,
  title: r.title,
  body: r.body,
  tags: JSON.parse(r.tags) as string[],
  authorId: r.author_id,
  score: r.score,
  replyCount: r.reply_count,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
  lastActivityAt: r.last_activity_at,
});

const toReply = (r: ReplyRow): ReplyRecord => ({
  id: r.id,
  threadId: r.thread_id,
  authorId: r.author_id,
  body: r.body,
  replyTo: r.reply_to,
  createdAt: r.created_at,
  editedAt: r.edited_at,
  deletedAt: r.deleted_at,
});

const sortColumn: Record<ThreadSort, string> = { new: 'created_at', top: 'score', active: 'last_activity_at' };

/** FTS5 trigram needs 3 characters; shorter terms are matched as plain substrings. */
const TRIGRAM = 3;
/** Enough for any real query; bounds the work a pasted essay can cause. */
const MAX_TERMS = 16;

/**
 * The query's distinct terms. Whitespace, punctuation and control characters separate terms: they carry no
 * meaning for a lexical match, and dropping them keeps FTS5 syntax characters out of the query.
 */
function queryTerms(query: string): string[] {
  const seen = new Set<string>();
  const terms: string[] = [];
  for (const term of query.split(/[\s\p{P}\p{C}]+/u)) {
    const key = term.toLowerCase();
    if (term === '' || seen.has(key)) continue;
    seen.add(key);
    terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

/** One FTS5 string per term (implicit AND); double quotes make every character literal. */
const ftsQuery = (terms: readonly string[]): string => terms.map((t) => `"${t.replace(/"/g, '""')}"`).join(' ');

const charLength = (s: string): number => [...s].length;

export class SqliteThreadStore implements ThreadStore {
  private readonly insertThread;
  private readonly insertFts;
  private readonly updateFts;
  private readonly deleteFts;
  private readonly insertTag;
  private readonly deleteTags;
  private readonly byId;
  private readonly byIds;
  private readonly writeThread;
  private readonly markDeleted;
  private readonly listBySort: Record<ThreadSort, ReturnType<typeof prepareList>>;
  private readonly ftsSearch;
  private readonly substringSearch;
  private readonly insertReply;
  private readonly replyById;
  private readonly repliesOf;
  private readonly setReplyBody;
  private readonly markReplyDeleted;
  private readonly bumpForReply;
  private readonly dropReplyCount;
  private readonly upsertVote;
  private readonly recomputeScore;
  private readonly voteOf;
  private readonly participated;
  private readonly createTx;
  private readonly updateTx;
  private readonly softDeleteTx;
  private readonly addReplyTx;
  private readonly softDeleteReplyTx;
  private readonly voteTx;

  constructor(db: SqliteDb) {
    this.insertThread = db.prepare<[string, string, string, string, string, string, string, number]>(
      `INSERT INTO threads (id, title, body, tags, author_id, score, reply_count, created_at, last_activity_at, fts_rowid)
       VALUES (?, ?, ?, ?, ?, 0, 0, ?, ?, ?)`,
    );
    this.insertFts = db.prepare<[string, string, string]>('INSERT INTO threads_fts (title, body, tags) VALUES (?, ?, ?)');
    this.updateFts = db.prepare<[string, string, string, number]>('UPDATE threads_fts SET title = ?, body = ?, tags = ? WHERE rowid = ?');
    this.deleteFts = db.prepare<[number]>('DELETE FROM threads_fts WHERE rowid = ?');
    this.insertTag = db.prepare<[string, string]>('INSERT OR IGNORE INTO thread_tags (thread_id, tag) VALUES (?, ?)');
    this.deleteTags = db.prepare<[string]>('DELETE FROM thread_tags WHERE thread_id = ?');
    this.byId = db.prepare<[string], ThreadRow>('SELECT * FROM threads WHERE id = ?');
    this.byIds = db.prepare<[string], ThreadRow>(
      'SELECT t.* FROM json_each(?) q JOIN threads t ON t.id = q.value ORDER BY q.key',
    );
    this.writeThread = db.prepare<[string, string, string, string, string]>(
      'UPDATE threads SET title = ?, body = ?, tags = ?, edited_at = ? WHERE id = ?',
    );
    this.markDeleted = db.prepare<[string, string]>('UPDATE threads SET deleted_at = ?, fts_rowid = NULL WHERE id = ?');
    this.listBySort = { new: prepareList(db, 'new'), top: prepareList(db, 'top'), active: prepareList(db, 'active') };

    // bm25 is lower-is-better; weights favour title over tags over body.
    this.ftsSearch = db.prepare<{ match: string; short: string; tag: string | null; limit: number }, ThreadRow & { rank: number }>(
      `SELECT t.*, bm25(threads_fts, 10.0, 1.0, 5.0) AS rank
         FROM threads_fts JOIN threads t ON t.fts_rowid = threads_fts.rowid
        WHERE threads_fts MATCH @match
          AND t.deleted_at IS NULL
          AND (@tag IS NULL OR EXISTS (SELECT 1 FROM thread_tags tt WHERE tt.tag = @tag AND tt.thread_id = t.id))
          AND NOT EXISTS (SELECT 1 FROM json_each(@short) q
                           WHERE instr(lower(t.title || ' ' || t.tags || ' ' || t.body), lower(q.value)) = 0)
        ORDER BY rank, t.created_at DESC, t.id DESC
        LIMIT @limit`,
    );
    // For terms too short for trigrams: every term must occur somewhere; a term in the title counts more than
    // one in the tags, which counts more than one in the body; occurrences break ties.
    this.substringSearch = db.prepare<{ terms: string; tag: string | null; limit: number }, ThreadRow & { tier: number; hits: number }>(
      `SELECT t.*,
              SUM((instr(lower(t.title), lower(q.value)) > 0) * 4
                + (instr(lower(t.tags), lower(q.value)) > 0) * 2
                + (instr(lower(t.body), lower(q.value)) > 0)) AS tier,
              SUM((length(t.title) - length(replace(lower(t.title), lower(q.value), ''))
                 + length(t.tags) - length(replace(lower(t.tags), lower(q.value), ''))
                 + length(t.body) - length(replace(lower(t.body), lower(q.value), ''))) / length(q.value)) AS hits
         FROM threads t JOIN json_each(@terms) q
        WHERE t.deleted_at IS NULL
          AND (@tag IS NULL OR EXISTS (SELECT 1 FROM thread_tags tt WHERE tt.tag = @tag AND tt.thread_id = t.id))
        GROUP BY t.id
       HAVING MIN(instr(lower(t.title || ' ' || t.tags || ' ' || t.body), lower(q.value))) > 0
        ORDER BY tier DESC, hits DESC, t.created_at DESC, t.id DESC
        LIMIT @limit`,
    );

    this.insertReply = db.prepare<[string, string, string, string, string | null, string]>(
      'INSERT INTO replies (id, thread_id, author_id, body, reply_to, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.replyById = db.prepare<[string], ReplyRow>('SELECT * FROM replies WHERE id = ?');
    this.repliesOf = db.prepare<[string], ReplyRow>('SELECT * FROM replies WHERE thread_id = ? ORDER BY created_at, id');
    this.setReplyBody = db.prepare<[string, string, string]>('UPDATE replies SET body = ?, edited_at = ? WHERE id = ?');
    this.markReplyDeleted = db.prepare<[string, string]>('UPDATE replies SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL');
    this.bumpForReply = db.prepare<{ id: string; at: string }>(
      'UPDATE threads SET reply_count = reply_count + 1, last_activity_at = MAX(last_activity_at, @at) WHERE id = @id',
    );
    this.dropReplyCount = db.prepare<[string]>('UPDATE threads SET reply_count = MAX(reply_count - 1, 0) WHERE id = ?');
    this.upsertVote = db.prepare<[string, string, number]>(
      'INSERT INTO votes (thread_id, user_id, value) VALUES (?, ?, ?) ON CONFLICT (thread_id, user_id) DO UPDATE SET value = excluded.value',
    );
    this.recomputeScore = db.prepare<{ id: string }>(
      'UPDATE threads SET score = (SELECT COALESCE(SUM(value), 0) FROM votes WHERE thread_id = @id) WHERE id = @id',
    );
    this.voteOf = db.prepare<[string, string], { value: VoteValue }>('SELECT value FROM votes WHERE thread_id = ? AND user_id = ?');
    this.participated = db.prepare<{ userId: string }, { id: string }>(
      `SELECT t.id FROM threads t
        WHERE t.deleted_at IS NULL
          AND t.id IN (SELECT id FROM threads WHERE author_id = @userId
                       UNION SELECT thread_id FROM replies WHERE author_id = @userId
                       UNION SELECT thread_id FROM votes WHERE user_id = @userId AND value != 0)
        ORDER BY t.created_at DESC, t.id DESC`,
    );

    // The thread row, its full-text row and its tag rows change together or not at all.
    this.createTx = db.transaction((thread: ThreadRecord): void => {
      const fts = this.insertFts.run(thread.title, thread.body, thread.tags.join(' '));
      this.insertThread.run(
        thread.id, thread.title, thread.body, JSON.stringify(thread.tags), thread.authorId,
        thread.createdAt, thread.lastActivityAt, Number(fts.lastInsertRowid),
      );
      for (const tag of thread.tags) this.insertTag.run(thread.id, tag);
    });
    this.updateTx = db.transaction(
      (id: string, patch: { title?: string; body?: string; tags?: string[] }, editedAt: string): ThreadRecord | null => {
        const row = this.byId.get(id);
        if (!row) return null;
        const current = toThread(row);
        const next: ThreadRecord = {
          ...current,
          title: patch.title ?? current.title,
          body: patch.body ?? current.body,
          tags: patch.tags ? [...patch.tags] : current.tags,
          editedAt,
        };
        this.writeThread.run(next.title, next.body, JSON.stringify(next.tags), editedAt, id);
        if (row.fts_rowid !== null) this.updateFts.run(next.title, next.body, next.tags.join(' '), row.fts_rowid);
        if (patch.tags) {
          this.deleteTags.run(id);
          for (const tag of next.tags) this.insertTag.run(id, tag);
        }
        return next;
      },
    );
    this.softDeleteTx = db.transaction((id: string, deletedAt: string): ThreadRecord | null => {
      const row = this.byId.get(id);
      if (!row) return null;
      if (row.deleted_at !== null) return toThread(row);
      this.markDeleted.run(deletedAt, id);
      if (row.fts_rowid !== null) this.deleteFts.run(row.fts_rowid);
      return { ...toThread(row), deletedAt };
    });
    this.addReplyTx = db.transaction((reply: ReplyRecord): void => {
      if (!this.byId.get(reply.threadId)) throw new Error(`thread ${reply.threadId} does not exist`);
      this.insertReply.run(reply.id, reply.threadId, reply.authorId, reply.body, reply.replyTo, reply.createdAt);
      this.bumpForReply.run({ id: reply.threadId, at: reply.createdAt });
    });
    this.softDeleteReplyTx = db.transaction((id: string, deletedAt: string): ReplyRow | null => {
      const row = this.replyById.get(id);
      if (!row) return null;
      // Only the first delete counts, so a repeated delete cannot drive replyCount down twice.
      if (this.markReplyDeleted.run(deletedAt, id).changes > 0) this.dropReplyCount.run(row.thread_id);
      return this.replyById.get(id)!;
    });
    // The score is recomputed from the votes inside the same transaction, so it is exact whatever the interleaving.
    this.voteTx = db.transaction((threadId: string, userId: string, value: VoteValue): number => {
      if (!this.byId.get(threadId)) throw new Error(`thread ${threadId} does not exist`);
      this.upsertVote.run(threadId, userId, value);
      this.recomputeScore.run({ id: threadId });
      return this.byId.get(threadId)!.score;
    });
  }

  async create(input: { title: string; body: string; tags: string[]; authorId: string }): Promise<ThreadRecord> {
    const thread = newThreadRecord(input);
    this.createTx.immediate(thread);
    return thread;
  }

  async findById(id: string): Promise<ThreadRecord | null> {
    const row = this.byId.get(id);
    return row ? toThread(row) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<ThreadRecord[]> {
    if (ids.length === 0) return [];
    return this.byIds.all(JSON.stringify([...new Set(ids)])).map(toThread);
  }

  async update(id: string, patch: { title?: string; body?: string; tags?: string[] }, editedAt: string): Promise<ThreadRecord | null> {
    return this.updateTx.immediate(id, patch, editedAt);
  }

  async softDelete(id: string, deletedAt: string): Promise<ThreadRecord | null> {
    return this.softDeleteTx.immediate(id, deletedAt);
  }

  async list(query: ThreadListQuery): Promise<{ threads: ThreadRecord[]; nextCursor: string | null }> {
    if (query.limit <= 0) return { threads: [], nextCursor: null };
    // A malformed cursor (or one from another sort) starts from the top rather than failing the listing.
    const cursor = query.cursor ? decodeThreadCursor(query.cursor, query.sort) : null;
    const rows = this.listBySort[query.sort].all({
      authorId: query.authorId ?? null,
      tag: query.tag ?? null,
      key: cursor?.key ?? null,
      id: cursor?.id ?? null,
      limit: query.limit + 1,
    });
    return threadPage(rows.map(toThread), query.limit, query.sort);
  }

  async search(query: string, options: { limit: number; tag?: string }): Promise<Array<{ thread: ThreadRecord; score: number }>> {
    const terms = queryTerms(query);
    if (terms.length === 0 || options.limit <= 0) return [];
    const tag = options.tag ?? null;
    const long = terms.filter((t) => charLength(t) >= TRIGRAM);
    const short = terms.filter((t) => charLength(t) < TRIGRAM);
    if (long.length > 0) {
      try {
        const rows = this.ftsSearch.all({ match: ftsQuery(long), short: JSON.stringify(short), tag, limit: options.limit });
        // bm25 is negative for a match; its negation is the "higher is better" score the port promises.
        return rows.map((r) => ({ thread: toThread(r), score: Math.max(-r.rank, Number.MIN_VALUE) }));
      } catch {
        // Quoting makes every term literal, so FTS5 should never reject it; if it does, substring search still answers.
      }
    }
    const rows = this.substringSearch.all({ terms: JSON.stringify(terms), tag, limit: options.limit });
    return rows.map((r) => ({ thread: toThread(r), score: r.tier + r.hits / (r.hits + 1) }));
  }

  async addReply(input: { threadId: string; authorId: string; body: string; replyTo: string | null }): Promise<ReplyRecord> {
    const reply = newReplyRecord(input);
    this.addReplyTx.immediate(reply);
    return reply;
  }

  async findReply(id: string): Promise<ReplyRecord | null> {
    const row = this.replyById.get(id);
    return row ? toReply(row) : null;
  }

  async updateReply(id: string, body: string, editedAt: string): Promise<ReplyRecord | null> {
    this.setReplyBody.run(body, editedAt, id);
    return this.findReply(id);
  }

  async softDeleteReply(id: string, deletedAt: string): Promise<ReplyRecord | null> {
    const row = this.softDeleteReplyTx.immediate(id, deletedAt);
    return row ? toReply(row) : null;
  }

  async listReplies(threadId: string): Promise<ReplyRecord[]> {
    return this.repliesOf.all(threadId).map(toReply);
  }

  async vote(threadId: string, userId: string, value: VoteValue): Promise<number> {
    return this.voteTx.immediate(threadId, userId, value);
  }

  async getVote(threadId: string, userId: string): Promise<VoteValue> {
    return this.voteOf.get(threadId, userId)?.value ?? 0;
  }

  async listParticipatedThreadIds(userId: string): Promise<string[]> {
    return this.participated.all({ userId }).map((r) => r.id);
  }
}

/** One listing statement per sort: live threads, optional author/tag filters, keyset after the cursor, descending. */
function prepareList(db: SqliteDb, sort: ThreadSort) {
  const col = sortColumn[sort];
  return db.prepare<ListParams, ThreadRow>(
    `SELECT t.* FROM threads t
      WHERE t.deleted_at IS NULL
        AND (@authorId IS NULL OR t.author_id = @authorId)
        AND (@tag IS NULL OR EXISTS (SELECT 1 FROM thread_tags tt WHERE tt.tag = @tag AND tt.thread_id = t.id))
        AND (@id IS NULL OR (t.${col}, t.id) < (@key, @id))
      ORDER BY t.${col} DESC, t.id DESC
      LIMIT @limit`,
  );
}
