import { z } from 'zod';
import { userWithProfileSchema } from './users';
import { opaqueIdSchema, roomViewSchema } from './rooms';

// ---------------------------------------------------------------- direct conversations

/** Most other people a direct conversation holds besides the caller (so at most 8 in all). */
export const CONVERSATION_MAX_OTHERS = 7;

/** POST /api/conversations: the other people (the caller is always in it); repeats count once. */
export const conversationCreateSchema = z.strictObject({
  userIds: z
    .array(opaqueIdSchema)
    .min(1, 'must name at least one other person')
    .max(CONVERSATION_MAX_OTHERS * 2, `must name at most ${CONVERSATION_MAX_OTHERS} other people`)
    .transform((ids) => [...new Set(ids)])
    .refine((ids) => ids.length <= CONVERSATION_MAX_OTHERS, `must name at most ${CONVERSATION_MAX_OTHERS} other people`),
});
export type ConversationCreateInput = z.infer<typeof conversationCreateSchema>;

/** POST /api/conversations answers the room (201 when it was made now, 200 when it already existed). */
export const conversationResponseSchema = z.object({ room: roomViewSchema }).meta({ id: 'Conversation' });
export type ConversationResponse = z.infer<typeof conversationResponseSchema>;

// ---------------------------------------------------------------- the member directory

export const PEOPLE_MAX_LIMIT = 50;
export const PEOPLE_DEFAULT_LIMIT = 20;
const PEOPLE_QUERY_MAX_CHARS = 100;
const FILTER_MAX_VALUES = 10;

const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;

/** One short filter value: trimmed, 1-80 characters, no control characters. */
const filterValue = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(80, 'must be at most 80 characters')
  .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters');

/**
 * A list filter from the query string: `?skills=a,b` or `?skills=a&skills=b` (commas, `，` and `、` split);
 * a person matches when they have any of the values, compared case-insensitively.
 */
const filterList = z
  .preprocess(
    (v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => (typeof s === 'string' ? s.split(/[,，、]/) : [s]))
        .filter((s) => typeof s !== 'string' || s.trim() !== ''),
    z.array(filterValue).max(FILTER_MAX_VALUES, `must have at most ${FILTER_MAX_VALUES} values`),
  )
  .optional();

/** A single text filter (role, stage): matched case-insensitively and whole. */
const filterOne = z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), filterValue.optional());

/**
 * GET /api/people. Filters combine with AND; a list filter matches any of its values. `q` looks for the text
 * in the username, display name, bio, role, stage, skills, interests, offers, needs and what they look for.
 * `timezoneWithinHours` keeps people whose UTC offset is at most that far from the caller's own.
 * Unknown query parameters (cache busters) are ignored.
 */
export const peopleQuerySchema = z.object({
  q: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
    z
      .string()
      .trim()
      .max(PEOPLE_QUERY_MAX_CHARS, `must be at most ${PEOPLE_QUERY_MAX_CHARS} characters`)
      .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
      .optional(),
  ),
  role: filterOne,
  stage: filterOne,
  languages: filterList,
  lookingFor: filterList,
  skills: filterList,
  timezoneWithinHours: z.coerce.number('must be a number').min(0, 'must be at least 0').max(24, 'must be at most 24').optional(),
  minHoursPerWeek: z.coerce.number('must be a number').int('must be a whole number').min(0, 'must be at least 0').max(168, 'must be at most 168').optional(),
  limit: z.coerce
    .number('must be a number')
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(PEOPLE_MAX_LIMIT, `must be at most ${PEOPLE_MAX_LIMIT}`)
    .optional()
    .default(PEOPLE_DEFAULT_LIMIT),
  cursor: z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'must be a nextCursor from an earlier page').optional(),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** GET /api/people: people ordered by username, a page at a time. */
export const peopleResponseSchema = z
  .object({ people: z.array(userWithProfileSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'PeoplePage' });
export type PeopleResponse = z.infer<typeof peopleResponseSchema>;
