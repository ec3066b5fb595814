import { z } from 'zod';
import { singleLine } from './text';

/** Usernames: 3-32 of [a-z0-9_.-]; input is lower-cased first, so uniqueness is case-insensitive. */
export const usernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9_.-]{3,32}$/, 'must be 3-32 characters of a-z, 0-9, _ . -');

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

export interface PublicUser {
  id: string;
  username: string;
  displayName: string;
}
