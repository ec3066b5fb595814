import { Router } from 'express';
import { passwordChangeSchema, profileUpdateSchema } from '@cohort/shared';
import type { AuthService } from '../../domain/authService';
import { parseInput } from '../../domain/errors';
import type { ProfileService } from '../../domain/profileService';
import type { RateLimiter } from '../../domain/rateLimiter';
import { rateLimit } from '../rateLimit';
import { authOf } from '../requestAuth';

/** The caller's own account: mounted behind requireAuth. */
export function meRoutes(profiles: ProfileService, auth: AuthService, authLimiter: RateLimiter): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await profiles.getUserWithProfile(authOf(req).user.id));
  });

  router.put('/profile', async (req, res) => {
    const input = parseInput(profileUpdateSchema, req.body);
    res.json(await profiles.update(authOf(req).user.id, input));
  });

  // The login budget, kept per account: a stolen session must not become a way to guess the password.
  const perUser = rateLimit(authLimiter, (req) => `password:${authOf(req).user.id}`);
  router.post('/password', perUser, async (req, res) => {
    await auth.changePassword(authOf(req), parseInput(passwordChangeSchema, req.body));
    res.status(204).end();
  });

  return router;
}
