import { z } from 'zod';
import { publicProfileSchema } from './profile';

// ---------------------------------------------------------------- what the server sends
// Response schemas name themselves with `.meta({ id })`: the OpenAPI document lists them under that name.

/** What anyone may see of a user: never the password hash. */
export const publicUserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
  })
  .meta({ id: 'PublicUser' });
export type PublicUser = z.infer<typeof publicUserSchema>;

/** POST /api/auth/register and /api/auth/login: the user and a bearer token (the session cookie carries the same). */
export const sessionResponseSchema = z.object({ user: publicUserSchema, token: z.string() }).meta({ id: 'Session' });
export type SessionResponse = z.infer<typeof sessionResponseSchema>;

/** GET /api/me and GET /api/users/:id */
export const userWithProfileSchema = z.object({ user: publicUserSchema, profile: publicProfileSchema }).meta({ id: 'UserWithProfile' });
export type UserWithProfile = z.infer<typeof userWithProfileSchema>;

/** GET /api/users?q= */
export const userSearchResponseSchema = z.object({ users: z.array(publicUserSchema) });
