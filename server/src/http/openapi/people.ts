import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { profileUpdateSchema, publicProfileSchema, userSearchQuerySchema, userSearchResponseSchema, userWithProfileSchema } from '@cohort/shared';
import { operationsOf } from './operation';

/** The caller's profile (/api/me) and other people's (/api/users). */
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
}
