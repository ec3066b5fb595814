import { Router } from 'express';
import { conversationCreateSchema } from '@cohort/shared';
import type { ConversationService } from '../../domain/conversationService';
import { parseInput } from '../../domain/errors';
import { authOf } from '../requestAuth';

/** Direct conversations: mounted behind requireAuth. Their messages use the same chat events as topic rooms. */
export function conversationRoutes(conversations: ConversationService): Router {
  const router = Router();
  router.post('/', async (req, res) => {
    const input = parseInput(conversationCreateSchema, req.body);
    const { room, created } = await conversations.open(authOf(req).user.id, input);
    res.status(created ? 201 : 200).json({ room });
  });
  return router;
}
