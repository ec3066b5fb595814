import type { RequestHandler } from 'express';
import { ErrorCodes } from '@cohort/shared';
import { AppError } from '../domain/errors';
import type { OriginPolicy } from '../edge/originPolicy';
import { usesSessionCookie } from '../edge/sessionCredentials';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export class ForbiddenOriginError extends AppError {
  constructor() {
    super(403, ErrorCodes.forbiddenOrigin, 'This request comes from a page the hub does not trust (see ALLOWED_ORIGINS)');
  }
}

/**
 * CSRF protection for the session cookie. A state-changing request that a browser sends from a page of an
 * origin we do not trust is refused before anything runs, whatever its content type: a plain HTML form can
 * POST text/plain, urlencoded, multipart or no body at all, and SameSite=Lax still sends the cookie from
 * another port of the same host. Bearer-token requests cannot be forged that way and are exempt. A cookie
 * request whose browser sent no Origin must show an allowed Referer instead; a request with neither a
 * cookie nor an Origin (a script logging in) is not a browser's and passes.
 */
export function originGuard(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || req.headers.authorization) return next();
    const { origin, referer, host } = req.headers;
    if (origin !== undefined) return next(policy.allows(origin, host) ? undefined : new ForbiddenOriginError());
    if (!usesSessionCookie(req.headers)) return next();
    next(referer !== undefined && policy.allowsReferer(referer, host) ? undefined : new ForbiddenOriginError());
  };
}

/**
 * A path with a malformed percent-escape (`/api/rooms/%ff`) cannot name anything: answer 400 here rather
 * than let the router's decoding fail deep inside as a 500.
 */
export const wellFormedPath: RequestHandler = (req, _res, next) => {
  try {
    decodeURIComponent(req.path);
    next();
  } catch {
    next(new AppError(400, ErrorCodes.badPath, 'The request path has a malformed percent-escape'));
  }
};
