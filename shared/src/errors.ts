/** The error body every HTTP answer and socket ack uses (see docs/api.md). */
export interface ErrorBody {
  error: {
    code: string;
    message: string;
    details?: Record<string, unknown>;
  };
}

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
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes];
