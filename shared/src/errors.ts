import { z } from 'zod';

/** The error body every HTTP answer and socket ack uses (see docs/api.md). */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** Codes clients may branch on. Add freely; never rename. */
export const ErrorCodes = {
  validation: 'validation_failed',
  invalidJson: 'invalid_json',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  notFound: 'not_found',
  conflict: 'conflict',
  usernameTaken: 'username_taken',
  payloadTooLarge: 'payload_too_large',
  rateLimited: 'rate_limited',
  unavailable: 'unavailable',
  internal: 'internal_error',
  /** A socket tried to be in more live chat rooms than allowed at once. */
  tooManyRooms: 'too_many_rooms',
  /** A browser request or socket from an origin the hub does not trust (ALLOWED_ORIGINS). */
  forbiddenOrigin: 'forbidden_origin',
  /** The request path is not a valid URL path (e.g. a bad percent-escape). */
  badPath: 'bad_path',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
