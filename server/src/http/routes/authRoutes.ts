import { Router, type Response } from 'express';
import { loginSchema, registerSchema } from '@cohort/shared';
import type { AuthService, IssuedSession } from '../../domain/authService';
import { parseInput } from '../../domain/errors';
import type { RateLimiter } from '../../domain/rateLimiter';
import { rateLimit } from '../rateLimit';
import { SESSION_COOKIE } from '../../edge/sessionCredentials';
import { authOf, requireAuth } from '../requestAuth';

export function authRoutes(auth: AuthService, limiter: RateLimiter): Router {
  const router = Router();
  const perIp = rateLimit(limiter, (req) => `auth:${req.ip ?? 'unknown'}`);

  router.post('/register', perIp, async (req, res) => {
    const issued = await auth.register(parseInput(registerSchema, req.body));
    setSessionCookie(res, issued, req.secure);
    res.status(201).json({ user: issued.user, token: issued.token });
  });

  router.post('/login', perIp, async (req, res) => {
    const issued = await auth.login(parseInput(loginSchema, req.body));
    setSessionCookie(res, issued, req.secure);
    res.json({ user: issued.user, token: issued.token });
  });

  router.post('/logout', requireAuth(auth), async (req, res) => {
    await auth.logout(authOf(req).session.id);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.status(204).end();
  });

  return router;
}

function setSessionCookie(res: Response, issued: IssuedSession, secure: boolean): void {
  res.cookie(SESSION_COOKIE, issued.token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: issued.expiresAt });
}
