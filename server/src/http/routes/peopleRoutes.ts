import { Router } from 'express';
import { peopleQuerySchema } from '@cohort/shared';
import { parseInput } from '../../domain/errors';
import type { PeopleDirectory } from '../../domain/peopleDirectory';
import { authOf } from '../requestAuth';

/** The member directory: mounted behind requireAuth. */
export function peopleRoutes(people: PeopleDirectory): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parseInput(peopleQuerySchema, req.query);
    res.json(await people.find(authOf(req).user.id, query));
  });
  return router;
}
