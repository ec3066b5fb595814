import { Router, type Request } from 'express';
import {
  opaqueIdSchema,
  replyCreateSchema,
  replyEditSchema,
  threadCreateSchema,
  threadEditSchema,
  threadListQuerySchema,
  voteSchema,
} from '@cohort/shared';
import { NotFoundError, parseInput } from '../../domain/errors';
import { presentUser } from '../../domain/presenters';
import type { ThreadActor, ThreadService } from '../../domain/threadService';
import { authOf } from '../requestAuth';

/** A path id that cannot be an id names nothing: 404, like an unknown one. */
function pathId(raw: string | undefined, what: string): string {
  if (!opaqueIdSchema.safeParse(raw).success) throw new NotFoundError(what);
  return raw!;
}

const actorOf = (req: Request): ThreadActor => presentUser(authOf(req).user);

/** Experience threads, replies and votes: mounted behind requireAuth. Live updates are on the socket. */
export function threadRoutes(threads: ThreadService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parseInput(threadCreateSchema, req.body);
    res.status(201).json(await threads.create(actorOf(req), input));
  });

  router.get('/', async (req, res) => {
    const query = parseInput(threadListQuerySchema, req.query);
    res.json(await threads.list(authOf(req).user.id, query));
  });

  router.get('/:id', async (req, res) => {
    res.json(await threads.get(authOf(req).user.id, pathId(req.params.id, 'Thread')));
  });

  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id, 'Thread');
    const input = parseInput(threadEditSchema, req.body);
    res.json(await threads.edit(actorOf(req), id, input));
  });

  router.delete('/:id', async (req, res) => {
    await threads.delete(actorOf(req), pathId(req.params.id, 'Thread'));
    res.status(204).end();
  });

  router.post('/:id/replies', async (req, res) => {
    const id = pathId(req.params.id, 'Thread');
    const input = parseInput(replyCreateSchema, req.body);
    res.status(201).json(await threads.reply(actorOf(req), id, input));
  });

  router.patch('/:id/replies/:replyId', async (req, res) => {
    const id = pathId(req.params.id, 'Thread');
    const replyId = pathId(req.params.replyId, 'Reply');
    const input = parseInput(replyEditSchema, req.body);
    res.json(await threads.editReply(actorOf(req), id, replyId, input));
  });

  router.delete('/:id/replies/:replyId', async (req, res) => {
    await threads.deleteReply(actorOf(req), pathId(req.params.id, 'Thread'), pathId(req.params.replyId, 'Reply'));
    res.status(204).end();
  });

  router.post('/:id/vote', async (req, res) => {
    const id = pathId(req.params.id, 'Thread');
    const input = parseInput(voteSchema, req.body);
    res.json(await threads.vote(actorOf(req), id, input.value));
  });

  return router;
}
