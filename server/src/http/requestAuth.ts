import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthService, Authenticated } from '../domain/authService';
import { tokenOf } from '../edge/sessionCredentials';

declare module 'express-serve-static-core' {
  interface Request {
    auth?: Authenticated;
  }
}

/** Rejects the request with 401 unless it carries a live session; sets `req.auth`. */
export function requireAuth(auth: AuthService): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    auth
      .authenticate(tokenOf(req.headers, req.cookies as Record<string, string> | undefined))
      .then((authenticated) => {
        req.auth = authenticated;
        next();
      })
      .catch(next);
  };
}

/** `req.auth` after requireAuth: a programming error if missing. */
export function authOf(req: Request): Authenticated {
  if (!req.auth) throw new Error('requireAuth must run before this handler');
  return req.auth;
}
