import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  matchesResponseSchema,
  recommendationsResponseSchema,
  relatedQuerySchema,
  relatedResponseSchema,
  searchResponseSchema,
  semanticSearchQuerySchema,
  suggestionQuerySchema,
  topicMapSchema,
} from '@cohort/shared';
import { operationsOf } from './operation';

/** Search, related discussions, recommendations, partner matches and topic clusters: 503 without the model. */
export function registerSemanticPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'semantic');
  add({
    method: 'get',
    path: '/api/search',
    operationId: 'semanticSearch',
    summary: 'Semantic search over what the caller may read, best first',
    query: semanticSearchQuerySchema,
    responses: { 200: { description: 'The results', schema: searchResponseSchema } },
    errors: [503],
  });
  add({
    method: 'get',
    path: '/api/threads/:id/related',
    operationId: 'relatedToThread',
    summary: 'Discussions close to a thread, never the thread itself',
    query: relatedQuerySchema,
    responses: { 200: { description: 'The results, closest first', schema: relatedResponseSchema } },
    errors: [503],
  });
  add({
    method: 'get',
    path: '/api/recommendations',
    operationId: 'recommendations',
    summary: 'Discussions for the caller, from their profile and recent activity',
    query: suggestionQuerySchema,
    responses: { 200: { description: 'The recommendations, each with its reason', schema: recommendationsResponseSchema } },
    errors: [503],
  });
  add({
    method: 'get',
    path: '/api/matches',
    operationId: 'partnerMatches',
    summary: 'Partner suggestions for the caller, best first',
    query: suggestionQuerySchema,
    responses: { 200: { description: 'The matches', schema: matchesResponseSchema } },
    errors: [503],
  });
  add({
    method: 'get',
    path: '/api/clusters',
    operationId: 'topicClusters',
    summary: "The community's topic map over public discussions",
    responses: { 200: { description: 'The clusters and the 2-D layout', schema: topicMapSchema } },
    errors: [503],
  });
}
