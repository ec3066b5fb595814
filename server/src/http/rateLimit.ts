import type { Request, RequestHandler } from 'express';
import { RateLimitedError } from '../domain/errors';
import type { RateLimiter } from '../domain/rateLimiter';

/** Express middleware answering 429 (with Retry-After) once `limiter` runs out for the request's key. */
export function rateLimit(limiter: RateLimiter, keyOf: (req: Request) => string): RequestHandler {
  return (req, _res, next) => {
    limiter
      .consume(keyOf(req))
      .then((result) => next(result.allowed ? undefined : new RateLimitedError(result.retryAfterSeconds)))
      .catch(next);
  };
}
