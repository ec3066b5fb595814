import { Router } from 'express';
import { userSearchQuerySchema } from '@cohort/shared';
import { parseInput } from '../../domain/errors';
import type { PeopleDirectory } from '../../domain/peopleDirectory';
import type { ProfileService } from '../../domain/profileService';

/** Other people's public user and profile, and finding people by name: mounted behind requireAuth. */
export function userRoutes(profiles: ProfileService, people: PeopleDirectory): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(userSearchQuerySchema, req.query);
    res.json({ users: await profiles.search(query.q, query.limit) });
  });
  // Before /:id, which would take `by-username` for an id.
  router.get('/by-username/:username', async (req, res) => {
    res.json(await people.byUsername(req.params.username));
  });
  router.get('/:id', async (req, res) => {
    res.json(await profiles.getUserWithProfile(req.params.id));
  });
  return router;
}
