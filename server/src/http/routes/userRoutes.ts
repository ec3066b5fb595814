import { Router } from 'express';
import type { ProfileService } from '../../domain/profileService';

/** Other people's public user and profile: mounted behind requireAuth. */
export function userRoutes(profiles: ProfileService): Router {
  const router = Router();
  router.get('/:id', async (req, res) => {
    res.json(await profiles.getUserWithProfile(req.params.id));
  });
  return router;
}
