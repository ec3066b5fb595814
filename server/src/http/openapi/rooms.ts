import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  historyQuerySchema,
  messagesPageSchema,
  roomCreateSchema,
  roomDetailsSchema,
  roomJoinResponseSchema,
  roomListResponseSchema,
  roomMemberAddSchema,
  roomMemberRoleSchema,
  roomMemberViewSchema,
  roomViewSchema,
} from '@cohort/shared';
import { operationsOf } from './operation';

/** Topic rooms, their members and message history (live chat is on Socket.io). */
export function registerRoomPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'rooms');
  add({
    method: 'post',
    path: '/api/rooms',
    operationId: 'createRoom',
    summary: 'Create a room; the caller owns it',
    body: roomCreateSchema,
    responses: { 201: { description: 'The room', schema: roomViewSchema } },
  });
  add({
    method: 'get',
    path: '/api/rooms',
    operationId: 'listRooms',
    summary: "Public rooms and the caller's private ones, newest first",
    responses: { 200: { description: "The rooms, with the caller's role and unread counts", schema: roomListResponseSchema } },
  });
  add({
    method: 'get',
    path: '/api/rooms/:id',
    operationId: 'getRoom',
    summary: "A room, its members and the caller's role",
    responses: { 200: { description: 'The room', schema: roomDetailsSchema } },
    errors: [403],
  });
  add({
    method: 'get',
    path: '/api/rooms/:id/messages',
    operationId: 'listRoomMessages',
    summary: 'A page of message history, oldest first',
    query: historyQuerySchema,
    responses: { 200: { description: 'The messages strictly older than `before`', schema: messagesPageSchema } },
    errors: [403],
  });
  add({
    method: 'post',
    path: '/api/rooms/:id/join',
    operationId: 'joinRoom',
    summary: 'Join a public room as member',
    responses: {
      200: { description: 'Already a member (the role is kept)', schema: roomJoinResponseSchema },
      201: { description: 'Joined', schema: roomJoinResponseSchema },
    },
    errors: [403],
  });
  add({
    method: 'post',
    path: '/api/rooms/:id/members',
    operationId: 'addRoomMember',
    summary: 'Add a member (owner only)',
    body: roomMemberAddSchema,
    responses: {
      200: { description: 'Already a member, unchanged', schema: roomMemberViewSchema },
      201: { description: 'Added', schema: roomMemberViewSchema },
    },
    errors: [403],
  });
  add({
    method: 'put',
    path: '/api/rooms/:id/members/:userId',
    operationId: 'setRoomMemberRole',
    summary: "Change a member's role (owner only)",
    body: roomMemberRoleSchema,
    responses: { 200: { description: 'The member', schema: roomMemberViewSchema } },
    errors: [403, 409],
  });
  add({
    method: 'delete',
    path: '/api/rooms/:id/members/:userId',
    operationId: 'removeRoomMember',
    summary: 'Remove a member (owner), or leave the room (the member)',
    responses: { 204: { description: 'Removed' } },
    errors: [403, 409],
  });
}
