import { z } from 'zod';

/** Longest semantic query: a search is a question, not a document, and never a model call on a pasted megabyte. */
export const SEMANTIC_QUERY_MAX_CHARS = 500;
export const SEMANTIC_LIMIT_MAX = 50;
export const DISCUSSION_TYPES = ['thread', 'room', 'notebook'] as const;
export type DiscussionKind = (typeof DISCUSSION_TYPES)[number];

const limit = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(SEMANTIC_LIMIT_MAX, `must be at most ${SEMANTIC_LIMIT_MAX}`).default(fallback);

/** `types=thread,room`: a comma-separated subset of the discussion types; all of them when absent. */
const types = z
  .string()
  .transform((s) => [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(DISCUSSION_TYPES, { error: `must be a comma-separated list of ${DISCUSSION_TYPES.join(', ')}` })).min(1, 'must name at least one type'))
  .default([...DISCUSSION_TYPES]);

/** GET /api/search */
export const semanticSearchQuerySchema = z.object({
  q: z
    .string({ error: 'is required' })
    .trim()
    .min(1, 'must not be empty')
    .max(SEMANTIC_QUERY_MAX_CHARS, `must be at most ${SEMANTIC_QUERY_MAX_CHARS} characters`),
  types,
  limit: limit(10),
});
export type SemanticSearchQuery = z.infer<typeof semanticSearchQuerySchema>;

/** GET /api/threads/:id/related */
export const relatedQuerySchema = z.object({ types, limit: limit(5) });

/** GET /api/recommendations and GET /api/matches */
export const suggestionQuerySchema = z.object({ limit: limit(10) });
