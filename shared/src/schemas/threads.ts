import { z } from 'zod';
import { isoTimeSchema } from './responseParts';
import { opaqueIdSchema } from './rooms';
import { LINE_PATTERN, TEXT_PATTERN } from './text';
import { publicUserSchema } from './users';

/** Limits of experience threads, in characters (code points, so an emoji or a Chinese character counts once). */
export const THREAD_TITLE_MAX_CHARS = 200;
export const THREAD_BODY_MAX_CHARS = 20_000;
export const REPLY_BODY_MAX_CHARS = 20_000;
export const THREAD_TAGS_MAX = 8;
export const THREAD_TAG_MAX_CHARS = 40;
export const THREAD_LIST_MAX_LIMIT = 50;
export const THREAD_LIST_DEFAULT_LIMIT = 20;
/** Longest `q=` a listing accepts; a lexical query longer than this is a pasted document, not a search. */
export const THREAD_QUERY_MAX_CHARS = 200;

// C0/C1 control characters other than tab, newline and carriage return: never valid in user text.
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
// Titles are one line: no tabs or line breaks either.
const LINE_BREAKS = /[\t\r\n\u2028\u2029]/;
// Letters and digits of any script (Chinese included), plus the marks found in technical tags: c++, c#, node.js, b2b-saas.
const TAG_CHARS = /^[\p{L}\p{M}\p{N}_.+#-]+$/u;
const TAG_HAS_WORD = /[\p{L}\p{N}]/u;

const chars = (s: string): number => [...s].length;

/**
 * The canonical form of a tag, used for stored tags and for `tag=` filters alike: NFKC (so full-width
 * `ＡＩ` is `ai`), trimmed, lower-cased, inner whitespace runs as one `-` (`Machine Learning` -> `machine-learning`).
 */
export function normalizeTag(raw: string): string {
  return raw.normalize('NFKC').trim().toLowerCase().replace(/\s+/gu, '-');
}

/** One tag, normalized; 1-40 characters of letters, digits and `_ . + # -`, with at least one letter or digit. */
export const tagSchema = z
  .string()
  .max(THREAD_TAG_MAX_CHARS * 4, `must be at most ${THREAD_TAG_MAX_CHARS} characters`)
  .transform(normalizeTag)
  .refine((t) => t.length > 0, 'must not be empty')
  .refine((t) => chars(t) <= THREAD_TAG_MAX_CHARS, `must be at most ${THREAD_TAG_MAX_CHARS} characters`)
  .refine((t) => TAG_CHARS.test(t) && TAG_HAS_WORD.test(t), 'may hold only letters, digits and _ . + # -')
  .meta({ minLength: 1, maxLength: THREAD_TAG_MAX_CHARS });

/** Up to 8 tags as sent (a longer list is refused, not cut), normalized and de-duplicated in the order given. */
export const tagListSchema = z
  .array(tagSchema)
  .max(THREAD_TAGS_MAX, `must have at most ${THREAD_TAGS_MAX} tags`)
  .transform((tags) => [...new Set(tags)]);

/** A thread title: one line, trimmed, 1-200 characters. */
export const threadTitleSchema = z
  .string()
  .max(THREAD_TITLE_MAX_CHARS * 4, `must be at most ${THREAD_TITLE_MAX_CHARS} characters`)
  .trim()
  .min(1, 'must not be empty')
  .refine((s) => !CONTROL_CHARS.test(s) && !LINE_BREAKS.test(s), 'must not contain control characters or line breaks')
  .refine((s) => chars(s) <= THREAD_TITLE_MAX_CHARS, `must be at most ${THREAD_TITLE_MAX_CHARS} characters`)
  // What the document states: characters (code points), not the UTF-16 guard above.
  .meta({ maxLength: THREAD_TITLE_MAX_CHARS, pattern: LINE_PATTERN });

/**
 * Markdown text, stored exactly as sent (leading spaces matter in Markdown), up to `max` characters;
 * newlines and tabs allowed, other control characters not.
 */
function markdown(max: number, required: boolean) {
  const base = z
    .string()
    .max(max * 2, `must be at most ${max} characters`)
    .refine((s) => chars(s) <= max, `must be at most ${max} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
    .meta({ maxLength: max, pattern: TEXT_PATTERN });
  return required ? base.refine((s) => s.trim().length > 0, 'must not be empty') : base;
}

export const threadBodySchema = markdown(THREAD_BODY_MAX_CHARS, false);
export const replyBodySchema = markdown(REPLY_BODY_MAX_CHARS, true);

// ---------------------------------------------------------------- REST bodies and queries

/** POST /api/threads. A thread may be all title (body defaults to ""), and untagged. */
export const threadCreateSchema = z.strictObject({
  title: threadTitleSchema,
  body: threadBodySchema.optional().default(''),
  tags: tagListSchema.optional().default([]),
});
export type ThreadCreateInput = z.infer<typeof threadCreateSchema>;

/** PATCH /api/threads/:id: the fields given change; at least one is needed. */
export const threadEditSchema = z
  .strictObject({ title: threadTitleSchema, body: threadBodySchema, tags: tagListSchema })
  .partial()
  .refine((patch) => patch.title !== undefined || patch.body !== undefined || patch.tags !== undefined, 'must change at least one of title, body, tags')
  .meta({ minProperties: 1 });
export type ThreadEditInput = z.infer<typeof threadEditSchema>;

/** POST /api/threads/:id/replies. `replyTo` is the id of an earlier reply of the same thread. */
export const replyCreateSchema = z.strictObject({
  body: replyBodySchema,
  replyTo: opaqueIdSchema.nullable().optional().default(null),
});
export type ReplyCreateInput = z.infer<typeof replyCreateSchema>;

/** PATCH /api/threads/:id/replies/:replyId */
export const replyEditSchema = z.strictObject({ body: replyBodySchema });
export type ReplyEditInput = z.infer<typeof replyEditSchema>;

/** POST /api/threads/:id/vote: 1 up, -1 down, 0 takes the vote back. */
export const voteValueSchema = z.union([z.literal(1), z.literal(0), z.literal(-1)], { error: 'must be 1, 0 or -1' });
export const voteSchema = z.strictObject({ value: voteValueSchema });
export type VoteInput = z.infer<typeof voteSchema>;
export type VoteValue = VoteInput['value'];

export const threadSortSchema = z.enum(['new', 'top', 'active']);
export type ThreadSort = z.infer<typeof threadSortSchema>;

/**
 * GET /api/threads?sort=&tag=&author=&q=&limit=&cursor=. `author` is a user id. With `q` the answer is the
 * best lexical matches (ranked; `sort` does not apply and there is no next page). Unknown query parameters,
 * such as cache busters, are ignored.
 */
export const threadListQuerySchema = z
  .object({
    sort: threadSortSchema.optional().default('new'),
    tag: tagSchema.optional(),
    author: opaqueIdSchema.optional(),
    q: z
      .string()
      .max(THREAD_QUERY_MAX_CHARS * 4, `must be at most ${THREAD_QUERY_MAX_CHARS} characters`)
      .trim()
      .refine((s) => chars(s) <= THREAD_QUERY_MAX_CHARS, `must be at most ${THREAD_QUERY_MAX_CHARS} characters`)
      .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
      // `?q=` (empty) is the same as no query: the plain listing.
      .transform((s) => (s === '' ? undefined : s))
      .meta({ maxLength: THREAD_QUERY_MAX_CHARS, pattern: TEXT_PATTERN })
      .optional(),
    limit: z.coerce
      .number()
      .int('must be a whole number')
      .min(1, 'must be at least 1')
      .max(THREAD_LIST_MAX_LIMIT, `must be at most ${THREAD_LIST_MAX_LIMIT}`)
      .optional()
      .default(THREAD_LIST_DEFAULT_LIMIT),
    cursor: z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/, 'must be a nextCursor from an earlier page').optional(),
  })
  .superRefine((query, ctx) => {
    if (query.q !== undefined && query.cursor !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['cursor'], message: 'search results have no next page; drop cursor or q' });
    }
  });
export type ThreadListQueryInput = z.infer<typeof threadListQuerySchema>;

// ---------------------------------------------------------------- socket payloads

/** thread:watch and thread:unwatch */
export const threadRefSchema = z.strictObject({ threadId: opaqueIdSchema });
export type ThreadRefInput = z.infer<typeof threadRefSchema>;

// ---------------------------------------------------------------- what the server sends

/**
 * A thread as clients see it. A deleted thread is only ever seen in the `thread:updated` event that
 * announces its deletion, with `deletedAt` set and its title, body and tags blanked.
 */
export const threadViewSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    body: z.string(),
    tags: z.array(z.string()),
    author: publicUserSchema,
    score: z.number().int(),
    replyCount: z.number().int(),
    createdAt: isoTimeSchema,
    editedAt: isoTimeSchema.nullable(),
    deletedAt: isoTimeSchema.nullable(),
    lastActivityAt: isoTimeSchema,
    /** The vote of the user this copy was made for; absent in broadcasts. */
    myVote: voteValueSchema.optional(),
  })
  .meta({ id: 'Thread' });
export type ThreadView = z.infer<typeof threadViewSchema>;

/** A reply. A deleted reply keeps its place (others may point at it with `replyTo`) with an empty body and `deletedAt` set. */
export const replyViewSchema = z
  .object({
    id: z.string(),
    threadId: z.string(),
    author: publicUserSchema,
    body: z.string(),
    replyTo: z.string().nullable(),
    createdAt: isoTimeSchema,
    editedAt: isoTimeSchema.nullable(),
    deletedAt: isoTimeSchema.nullable(),
  })
  .meta({ id: 'Reply' });
export type ReplyView = z.infer<typeof replyViewSchema>;

/** GET /api/threads: `nextCursor` is null on the last page (and always for a search). */
export const threadPageSchema = z.object({ threads: z.array(threadViewSchema), nextCursor: z.string().nullable() });

/** GET /api/threads/:id: every reply, deleted ones as tombstones, oldest first. */
export const threadWithRepliesSchema = z.object({ thread: threadViewSchema, replies: z.array(replyViewSchema) });

/** POST /api/threads/:id/vote */
export const voteResultSchema = z.object({ score: z.number().int(), myVote: voteValueSchema });

/** server -> watchers: `thread:reply`, for a new, edited or deleted reply, with the thread's counters after it. */
export interface ThreadReplyEvent {
  threadId: string;
  change: 'created' | 'edited' | 'deleted';
  reply: ReplyView;
  replyCount: number;
  lastActivityAt: string;
}

/** server -> watchers: `thread:vote` */
export interface ThreadVoteEvent {
  threadId: string;
  score: number;
}
