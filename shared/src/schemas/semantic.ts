import { z } from 'zod';
import { DISCUSSION_TYPES } from '../constants';
import { TEXT_LANGUAGES } from '../notificationKinds';
import { isoTimeSchema } from './responseParts';
import { publicUserSchema } from './users';

/** Longest semantic query: a search is a question, not a document, and never a model call on a pasted megabyte. */
export const SEMANTIC_QUERY_MAX_CHARS = 500;
export const SEMANTIC_LIMIT_MAX = 50;
/** A discussion the semantic endpoints return: a thread, a room or a notebook. */
export const discussionTypeSchema = z.enum(DISCUSSION_TYPES).meta({ id: 'DiscussionType' });
export type DiscussionType = z.infer<typeof discussionTypeSchema>;

const limit = (fallback: number) =>
  z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').max(SEMANTIC_LIMIT_MAX, `must be at most ${SEMANTIC_LIMIT_MAX}`).default(fallback);

/** `types=thread,room`: a comma-separated subset of the discussion types; all of them when absent. */
const types = z
  .string()
  .transform((s) => [...new Set(s.split(',').map((t) => t.trim()).filter(Boolean))])
  .pipe(z.array(z.enum(DISCUSSION_TYPES, { error: `must be a comma-separated list of ${DISCUSSION_TYPES.join(', ')}` })).min(1, 'must name at least one type'))
  .default([...DISCUSSION_TYPES])
  // As the query string spells it (the parsed default is the array).
  .meta({ default: DISCUSSION_TYPES.join(','), pattern: `^(${DISCUSSION_TYPES.join('|')})(,(${DISCUSSION_TYPES.join('|')}))*$` });

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

/** `?lang=zh|en`: the language of `reasons` / `reason` (else Accept-Language, else English). */
const lang = z.enum(TEXT_LANGUAGES).optional();

/** GET /api/threads/:id/related */
export const relatedQuerySchema = z.object({ types, limit: limit(5), lang });

/** GET /api/recommendations and GET /api/matches */
export const suggestionQuerySchema = z.object({ limit: limit(10), lang });

// ---------------------------------------------------------------- what the server sends

/** A discussion as the semantic answers name it. */
const discussionRef = { type: discussionTypeSchema, id: z.string(), title: z.string() };

/** GET /api/search: `score` = `semantic` (cosine) + the lexical share (0..1 of the best lexical hit) and a title bonus. */
export const searchResultSchema = z
  .object({ ...discussionRef, snippet: z.string(), score: z.number(), semantic: z.number(), lexical: z.number() })
  .meta({ id: 'SearchResult' });
export type SearchResult = z.infer<typeof searchResultSchema>;
export const searchResponseSchema = z.object({ results: z.array(searchResultSchema) });

/** Why a suggestion was made, in machine form: `code` names the reason, `params` the names, titles and counts it mentions. */
export const reasonCodeSchema = z
  .object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])) })
  .meta({ id: 'ReasonCode' });
export type ReasonCodeView = z.infer<typeof reasonCodeSchema>;

/** GET /api/threads/:id/related: `reasons` in the reader's language, `reasonCodes` the same in machine form. */
export const relatedResultSchema = z
  .object({ ...discussionRef, score: z.number(), reasons: z.array(z.string()), reasonCodes: z.array(reasonCodeSchema) })
  .meta({ id: 'RelatedResult' });
export type RelatedResult = z.infer<typeof relatedResultSchema>;
export const relatedResponseSchema = z.object({ results: z.array(relatedResultSchema) });

/** GET /api/recommendations: `reason` is the signal the item matched best, as one line in the reader's language; `reasonCode` the same in machine form. */
export const recommendationSchema = z
  .object({ ...discussionRef, score: z.number(), reason: z.string(), reasonCode: reasonCodeSchema })
  .meta({ id: 'Recommendation' });
export type Recommendation = z.infer<typeof recommendationSchema>;
export const recommendationsResponseSchema = z.object({ results: z.array(recommendationSchema) });

/** GET /api/matches: a partner suggestion, its score (0..1), the reasons in words (and in machine form) and the parts of the score. */
export const partnerSuggestionSchema = z
  .object({
    user: publicUserSchema,
    score: z.number(),
    reasons: z.array(z.string()),
    reasonCodes: z.array(reasonCodeSchema),
    parts: z.object({
      theyMeetYourNeeds: z.number(),
      youMeetTheirNeeds: z.number(),
      reciprocal: z.number(),
      interests: z.number(),
      roles: z.number(),
    }),
  })
  .meta({ id: 'PartnerMatch' });
export type PartnerSuggestion = z.infer<typeof partnerSuggestionSchema>;
export const matchesResponseSchema = z.object({ matches: z.array(partnerSuggestionSchema) });

/** GET /api/clusters: one topic, its keywords (the best Chinese and English ones) and the public discussions in it; `other` marks the one bucket of items that fit no topic (id `other`, listed last). */
export const topicClusterSchema = z
  .object({ id: z.string(), label: z.string(), keywords: z.array(z.string()), size: z.number().int(), items: z.array(z.object(discussionRef)), other: z.boolean().optional() })
  .meta({ id: 'TopicCluster' });
export type TopicCluster = z.infer<typeof topicClusterSchema>;

/** GET /api/clusters: the community's topic map; `layout` places every item in [-1, 1]²; `stale` while changes wait. */
export const topicMapSchema = z
  .object({
    clusters: z.array(topicClusterSchema),
    layout: z.array(z.object({ type: discussionTypeSchema, id: z.string(), x: z.number(), y: z.number(), clusterId: z.string() })),
    computedAt: isoTimeSchema.nullable(),
    stale: z.boolean(),
  })
  .meta({ id: 'TopicMap' });
export type TopicMap = z.infer<typeof topicMapSchema>;
