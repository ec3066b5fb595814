import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import { loginSchema, passwordChangeSchema, registerSchema, sessionResponseSchema } from '@cohort/shared';
import { operationsOf } from './operation';

/** Accounts and sessions: /api/auth and /api/me/password. */
export function registerAccountPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'accounts');
  add({
    method: 'post',
    path: '/api/auth/register',
    operationId: 'register',
    summary: 'Create an account and a session (also set as the session cookie)',
    signedIn: false,
    body: registerSchema,
    responses: { 201: { description: 'The new user and a bearer token', schema: sessionResponseSchema } },
    errors: [409, 429],
  });
  add({
    method: 'post',
    path: '/api/auth/login',
    operationId: 'login',
    summary: 'Start a session (also set as the session cookie)',
    signedIn: false,
    body: loginSchema,
    responses: { 200: { description: 'The user and a bearer token', schema: sessionResponseSchema } },
    errors: [401, 429],
  });
  add({
    method: 'post',
    path: '/api/auth/logout',
    operationId: 'logout',
    summary: "Revoke this session's token and clear the cookie",
    responses: { 204: { description: 'Signed out' } },
  });
  add({
    method: 'post',
    path: '/api/me/password',
    operationId: 'changePassword',
    summary: 'Change the password; every other session of the user is revoked',
    body: passwordChangeSchema,
    responses: { 204: { description: 'Changed' } },
    errors: [429],
  });
}
