import { Router } from 'express';
import { profileUpdateSchema } from '@cohort/shared';
import { parseInput } from '../../domain/errors';
import type { ProfileService } from '../../domain/profileService';
import { authOf } from '../requestAuth';

/** The caller's own account: mounted behind requireAuth. */
export function meRoutes(profiles: ProfileService): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    res.json(await profiles.getUserWithProfile(authOf(req).user.id));
  });

  router.put('/profile', async (req, res) => {
    const input = parseInput(profileUpdateSchema, req.body);
    res.json(await profiles.update(authOf(req).user.id, input));
  });

  return router;
}
