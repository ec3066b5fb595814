import { Router } from 'express';
import { userSearchQuerySchema } from '@cohort/shared';
import { parseInput } from '../../domain/errors';
import type { ProfileService } from '../../domain/profileService';

/** Other people's public user and profile, and finding people by name: mounted behind requireAuth. */
export function userRoutes(profiles: ProfileService): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(userSearchQuerySchema, req.query);
    res.json({ users: await profiles.search(query.q, query.limit) });
  });
  router.get('/:id', async (req, res) => {
    res.json(await profiles.getUserWithProfile(req.params.id));
  });
  return router;
}
