import { Router } from 'express';
import type { Store } from '../../store/ports';
import { UnavailableError } from '../../domain/errors';
import type { Logger } from '../../logger';
import { toError } from '../../toError';

/** What /api/health reports of the embedding model; the semantic layer provides it. */
export interface EmbeddingHealth {
  readonly modelId: string;
  readonly state: 'ready' | 'loading' | 'unavailable';
}

/** Health checks come often (load balancers, compose); one write probe a second is plenty. */
const PROBE_EVERY_MS = 1000;

/**
 * Liveness and the truth about writes: a store that answers reads but cannot write (a full disk, a read-only
 * volume) makes every post fail, so health says `degraded` with the reason until a probe write succeeds again.
 */
export function healthRoutes(deps: { store: Store; version: string; embeddings: EmbeddingHealth; logger: Logger }): Router {
  const router = Router();
  let lastProbe: { at: number; result: Promise<string | null> } | undefined;
  const writeProblem = (): Promise<string | null> => {
    if (!lastProbe || Date.now() - lastProbe.at >= PROBE_EVERY_MS) {
      const result = deps.store.probeWrite().then(
        () => null,
        (err: unknown) => {
          deps.logger.warn({ err }, 'health: the store cannot write');
          return `The ${deps.store.kind} store cannot write: ${toError(err).message}`;
        },
      );
      lastProbe = { at: Date.now(), result };
    }
    return lastProbe.result;
  };

  router.get('/', async (_req, res) => {
    try {
      await deps.store.ping();
    } catch {
      throw new UnavailableError(`The ${deps.store.kind} store does not answer`);
    }
    const problem = await writeProblem();
    res.json({
      status: problem ? 'degraded' : 'ok',
      ...(problem ? { reason: problem } : {}),
      version: deps.version,
      store: deps.store.kind,
      embeddings: { model: deps.embeddings.modelId, state: deps.embeddings.state },
    });
  });
  return router;
}
