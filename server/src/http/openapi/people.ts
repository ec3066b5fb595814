import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  conversationCreateSchema,
  conversationResponseSchema,
  peopleQuerySchema,
  peopleResponseSchema,
  profileUpdateSchema,
  publicProfileSchema,
  userSearchQuerySchema,
  userSearchResponseSchema,
  userWithProfileSchema,
} from '@cohort/shared';
import { operationsOf } from './operation';

/** The caller's profile (/api/me), other people's (/api/users), the member directory and direct conversations. */
export function registerPeoplePaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'people');
  add({
    method: 'get',
    path: '/api/me',
    operationId: 'getMe',
    summary: 'The caller and their profile',
    responses: { 200: { description: 'The caller', schema: userWithProfileSchema } },
  });
  add({
    method: 'put',
    path: '/api/me/profile',
    operationId: 'updateProfile',
    summary: "Change the caller's profile: only the fields given change",
    body: profileUpdateSchema,
    responses: { 200: { description: 'The profile after the change', schema: publicProfileSchema } },
  });
  add({
    method: 'get',
    path: '/api/users',
    operationId: 'searchUsers',
    summary: 'People whose username or display name starts with `q`',
    query: userSearchQuerySchema,
    responses: { 200: { description: 'Public cards, best first', schema: userSearchResponseSchema } },
  });
  add({
    method: 'get',
    path: '/api/users/:id',
    operationId: 'getUser',
    summary: "Anyone's public user and profile",
    responses: { 200: { description: 'The user', schema: userWithProfileSchema } },
  });
  add({
    method: 'get',
    path: '/api/users/by-username/:username',
    operationId: 'getUserByUsername',
    summary: "Anyone's public user and profile, by username (any letter case)",
    responses: { 200: { description: 'The user', schema: userWithProfileSchema } },
  });
  add({
    method: 'get',
    path: '/api/people',
    operationId: 'listPeople',
    summary: 'The member directory: people by username, filtered, a page at a time',
    query: peopleQuerySchema,
    responses: { 200: { description: 'A page of people; `nextCursor` is null on the last page', schema: peopleResponseSchema } },
  });
  add({
    method: 'post',
    path: '/api/conversations',
    operationId: 'openConversation',
    summary: 'The direct conversation of the caller and 1-7 other people, made when there is none',
    body: conversationCreateSchema,
    responses: {
      200: { description: 'The conversation of exactly these people already existed', schema: conversationResponseSchema },
      201: { description: 'The conversation was made now', schema: conversationResponseSchema },
    },
    errors: [404],
  });
}
