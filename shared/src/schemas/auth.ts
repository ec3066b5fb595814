import { z } from 'zod';
import { USER_SEARCH_DEFAULT_LIMIT, USER_SEARCH_MAX_CHARS, USER_SEARCH_MAX_LIMIT } from '../constants';
import { LINE_PATTERN, singleLine } from './text';

/** Usernames: 3-32 of [a-z0-9_.-]; input is lower-cased first, so uniqueness is case-insensitive. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3-32 characters of a-z, 0-9, _ . -');

// C0/C1 control characters: never part of a name.
const CONTROL_CHARS = /[\u0000-\u001F\u007F-\u009F]/;

/**
 * GET /api/users?q=&limit=: people whose username or display name starts with `q`. `q` is trimmed, one
 * leading `@` is dropped (people type `@name`) and it is lower-cased; then it must be 1-32 characters (code
 * points). Unknown query parameters are ignored.
 */
export const userSearchQuerySchema = z.object({
  q: z
    .string({ error: 'is required' })
    .max(USER_SEARCH_MAX_CHARS * 4, `must be at most ${USER_SEARCH_MAX_CHARS} characters`)
    .trim()
    .transform((s) => s.replace(/^@/, '').toLowerCase())
    .refine((s) => s.length > 0, 'must not be empty')
    .refine((s) => [...s].length <= USER_SEARCH_MAX_CHARS, `must be at most ${USER_SEARCH_MAX_CHARS} characters`)
    .refine((s) => !CONTROL_CHARS.test(s), 'must not contain control characters')
    .meta({ maxLength: USER_SEARCH_MAX_CHARS + 1, pattern: LINE_PATTERN, description: 'a username or display-name prefix; one leading @ is dropped' }),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be at least 1')
    .max(USER_SEARCH_MAX_LIMIT, `must be at most ${USER_SEARCH_MAX_LIMIT}`)
    .default(USER_SEARCH_DEFAULT_LIMIT),
});
export type UserSearchQuery = z.infer<typeof userSearchQuerySchema>;

export const passwordSchema = z
  .string()
  .min(8, 'must be at least 8 characters')
  .max(256, 'must be at most 256 characters');

export const registerSchema = z.strictObject({
  username: usernameSchema,
  password: passwordSchema,
  displayName: singleLine(64),
});
export type RegisterInput = z.infer<typeof registerSchema>;

export const loginSchema = z.strictObject({
  username: usernameSchema,
  password: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
});
export type LoginInput = z.infer<typeof loginSchema>;

/** POST /api/me/password: the current password proves it is the owner; every other session ends. */
export const passwordChangeSchema = z.strictObject({
  currentPassword: z.string().min(1, 'must not be empty').max(256, 'must be at most 256 characters'),
  newPassword: passwordSchema,
});
export type PasswordChangeInput = z.infer<typeof passwordChangeSchema>;
