import { Router } from 'express';
import { historyQuerySchema, roomCreateSchema, roomMemberAddSchema, roomMemberRoleSchema } from '@cohort/shared';
import type { ChatService } from '../../domain/chatService';
import { parseInput } from '../../domain/errors';
import type { RoomService } from '../../domain/roomService';
import { authOf } from '../requestAuth';

export interface RoomRouteDeps {
  rooms: RoomService;
  chat: ChatService;
}

/** Rooms, their members and message history: mounted behind requireAuth. Live chat is on the socket. */
export function roomRoutes({ rooms, chat }: RoomRouteDeps): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parseInput(roomCreateSchema, req.body);
    res.status(201).json(await rooms.create(authOf(req).user.id, input));
  });

  router.get('/', async (req, res) => {
    const { user } = authOf(req);
    res.json({ rooms: await rooms.listFor({ id: user.id, username: user.username }) });
  });

  router.get('/:id', async (req, res) => {
    res.json(await rooms.details(req.params.id, authOf(req).user.id));
  });

  router.get('/:id/messages', async (req, res) => {
    const query = parseInput(historyQuerySchema, req.query);
    res.json(await chat.history(authOf(req).user.id, req.params.id, query.before ?? null, query.limit));
  });

  router.post('/:id/join', async (req, res) => {
    const { member, joined } = await rooms.join(req.params.id, authOf(req).user.id);
    res.status(joined ? 201 : 200).json({ roomId: member.roomId, role: member.role, joinedAt: member.joinedAt });
  });

  router.post('/:id/members', async (req, res) => {
    const input = parseInput(roomMemberAddSchema, req.body);
    const { member, added } = await rooms.addMember(req.params.id, authOf(req).user.id, input.userId, input.role);
    res.status(added ? 201 : 200).json(member);
  });

  router.put('/:id/members/:userId', async (req, res) => {
    const input = parseInput(roomMemberRoleSchema, req.body);
    res.json(await rooms.setRole(req.params.id, authOf(req).user.id, req.params.userId, input.role));
  });

  router.delete('/:id/members/:userId', async (req, res) => {
    await rooms.removeMember(req.params.id, authOf(req).user.id, req.params.userId);
    res.status(204).end();
  });

  return router;
}
