import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AuthService, Authenticated } from '../domain/authService';

export const SESSION_COOKIE = 'cohort_session';

/** The token of a request: `Authorization: Bearer <token>` first, then the session cookie. */
export function tokenOf(headers: { authorization?: string | undefined; cookie?: string | undefined }, cookies?: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (auth) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m ? m[1] : undefined;
  }
  if (cookies) return cookies[SESSION_COOKIE] || undefined;
  return cookieValue(headers.cookie, SESSION_COOKIE);
}

/** Reads one cookie from a raw Cookie header (for the socket handshakes, which have no cookie-parser). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim()) || undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

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
