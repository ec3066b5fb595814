import { UnavailableError } from '../domain/errors';
import type { EmbeddingState } from './embedding/embeddingService';

/** What the gate reads of the embedding service. */
export interface ModelStatus {
  readonly state: EmbeddingState;
  readonly unavailableReason: string | null;
  start(): Promise<void>;
}

/** How long a request that needs the model waits for it to finish loading before answering 503. */
const LOADING_WAIT_MS = 3000;

/** 503 `unavailable` with the service's own reason when there is no model (EMBEDDINGS=off, failed provisioning). */
export function requireSemantic(model: ModelStatus): void {
  if (model.state === 'unavailable') {
    throw new UnavailableError(model.unavailableReason ? `Semantic features are unavailable: ${model.unavailableReason}` : 'Semantic features are unavailable');
  }
}

/**
 * For requests that embed their own text (search): waits up to LOADING_WAIT_MS while the model loads, then
 * answers 503 so the client retries rather than hanging for the whole load.
 */
export async function requireModel(model: ModelStatus): Promise<void> {
  requireSemantic(model);
  if (model.state === 'ready') return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([model.start(), new Promise<void>((resolve) => (timer = setTimeout(resolve, LOADING_WAIT_MS)))]);
  clearTimeout(timer);
  requireSemantic(model);
  // (Re-read: the state changed while we waited.)
  if ((model.state as EmbeddingState) !== 'ready') throw new UnavailableError('The embedding model is still loading; try again in a few seconds');
}
