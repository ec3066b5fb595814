import { Router } from 'express';
import type { Store } from '../../store/ports';
import { UnavailableError } from '../../domain/errors';

/** What /api/health reports of the embedding model; the semantic layer provides it. */
export interface EmbeddingHealth {
  readonly modelId: string;
  readonly state: 'ready' | 'loading' | 'unavailable';
}

export function healthRoutes(deps: { store: Store; version: string; embeddings: EmbeddingHealth }): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    try {
      await deps.store.ping();
    } catch {
      throw new UnavailableError(`The ${deps.store.kind} store does not answer`);
    }
    res.json({
      status: 'ok',
      version: deps.version,
      store: deps.store.kind,
      embeddings: { model: deps.embeddings.modelId, state: deps.embeddings.state },
    });
  });
  return router;
}
