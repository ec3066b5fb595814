import { ErrorCodes } from '@cohort/shared';
import { AppError, UnavailableError } from '../../domain/errors';

/** The model cannot be used (failed to load, gave up after crashes, or the service was closed): HTTP 503. */
export class EmbeddingUnavailableError extends UnavailableError {}

/** Backpressure: too many texts are waiting. Callers retry later (HTTP 503). */
export class EmbeddingQueueFullError extends UnavailableError {}

/** This particular request could not be embedded (the worker failed on it). */
export class EmbeddingFailedError extends AppError {
  constructor(message: string) {
    super(500, ErrorCodes.internal, message);
  }
}
