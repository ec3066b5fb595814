import { Router, type RequestHandler } from 'express';
import {
  opaqueIdSchema,
  relatedQuerySchema,
  semanticSearchQuerySchema,
  suggestionQuerySchema,
  type PartnerSuggestion,
  type Recommendation,
  type RelatedResult,
  type SearchResult,
  type TopicMap,
} from '@cohort/shared';
import { NotFoundError, parseInput } from '../../domain/errors';
import { textLanguageOf } from '../../edge/textLanguage';
import { requireSemantic } from '../../semantic/semanticGate';
import type { SemanticServices } from '../../semantic/semanticLayer';
import { authOf } from '../requestAuth';

/** What the routes call: the semantic layer's services (defined there, so semantic/ never imports http/). */
export type SemanticRouteDeps = SemanticServices;

/**
 * The semantic endpoints, mounted at /api: /search, /threads/:id/related, /recommendations, /matches,
 * /clusters, each behind `signedIn`. Mounted before the threads router, so `/threads/:id/related` is
 * answered here and every other path falls through untouched (authentication runs per route, not for
 * whatever passes by). Each answer `satisfies` the shared response type its OpenAPI schema is made from.
 */
export function semanticRoutes(deps: SemanticRouteDeps, signedIn: RequestHandler): Router {
  const router = Router();

  router.get('/search', signedIn, async (req, res) => {
    const query = parseInput(semanticSearchQuerySchema, req.query);
    res.json({ results: await deps.search.search(authOf(req).user.id, query.q, query.types, query.limit) } satisfies { results: SearchResult[] });
  });

  router.get('/threads/:id/related', signedIn, async (req, res) => {
    const parsed = opaqueIdSchema.safeParse(req.params.id);
    if (!parsed.success) throw new NotFoundError('Thread');
    const id = parsed.data;
    const query = parseInput(relatedQuerySchema, req.query);
    const lang = textLanguageOf(query.lang, req.headers['accept-language']);
    res.json({ results: await deps.search.related(authOf(req).user.id, id, query.types, query.limit, lang) } satisfies { results: RelatedResult[] });
  });

  router.get('/recommendations', signedIn, async (req, res) => {
    const query = parseInput(suggestionQuerySchema, req.query);
    const lang = textLanguageOf(query.lang, req.headers['accept-language']);
    res.json({ results: await deps.recommender.recommend(authOf(req).user.id, query.limit, lang) } satisfies { results: Recommendation[] });
  });

  router.get('/matches', signedIn, async (req, res) => {
    const query = parseInput(suggestionQuerySchema, req.query);
    const lang = textLanguageOf(query.lang, req.headers['accept-language']);
    res.json({ matches: await deps.matches.top(authOf(req).user.id, query.limit, lang) } satisfies { matches: PartnerSuggestion[] });
  });

  router.get('/clusters', signedIn, async (_req, res) => {
    requireSemantic(deps.model);
    res.json((await deps.clusters.get()) satisfies TopicMap);
  });

  return router;
}
