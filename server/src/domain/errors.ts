import { ErrorCodes, type ErrorBody } from '@cohort/shared';
import type { ZodError } from 'zod';

/**
 * The one error hierarchy of the hub. Domain services throw these; the HTTP error middleware and the
 * socket ack wrapper turn them into the contract's error body with `toErrorBody`, and nothing else does.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, fields: Record<string, string>) {
    super(400, ErrorCodes.validation, message, { fields });
  }

  /** Names every offending field (dotted path) with its first problem. */
  static fromZod(err: ZodError, prefix?: string): ValidationError {
    const fields: Record<string, string> = {};
    for (const issue of err.issues) {
      const key = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
      if (issue.code === 'unrecognized_keys') {
        for (const extra of issue.keys) fields[[key === '(root)' ? '' : key, extra].filter(Boolean).join('.')] ??= 'is not an allowed field';
        continue;
      }
      fields[key] ??= issue.message;
    }
    const names = Object.keys(fields);
    return new ValidationError(`Invalid ${names.join(', ')}`, fields);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Sign in first: the token is missing, invalid or expired') {
    super(401, ErrorCodes.unauthorized, message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You are not allowed to do that') {
    super(403, ErrorCodes.forbidden, message);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(404, ErrorCodes.notFound, `${what} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, code: string = ErrorCodes.conflict, details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(message = 'The request is too large') {
    super(413, ErrorCodes.payloadTooLarge, message);
  }
}

export class RateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number, message = 'Too many requests; try again later') {
    super(429, ErrorCodes.rateLimited, message, { retryAfterSeconds });
  }
}

export class UnavailableError extends AppError {
  constructor(message: string) {
    super(503, ErrorCodes.unavailable, message);
  }
}

/** Any thrown value as the contract's body and status. Unknown errors never leak their message or stack. */
export function toErrorBody(err: unknown): { status: number; body: ErrorBody } {
  if (err instanceof AppError) {
    const body: ErrorBody = { error: { code: err.code, message: err.message } };
    if (err.details) body.error.details = err.details;
    return { status: err.status, body };
  }
  return { status: 500, body: { error: { code: ErrorCodes.internal, message: 'Something went wrong on our side' } } };
}

/** Validates untrusted input at the edge; a failure names every offending field. */
export function parseInput<S extends { safeParse(value: unknown): { success: true; data: unknown } | { success: false; error: ZodError } }>(
  schema: S,
  value: unknown,
  prefix?: string,
): S extends { safeParse(value: unknown): { success: true; data: infer T } | { success: false; error: ZodError } } ? T : never {
  const result = schema.safeParse(value);
  if (!result.success) throw ValidationError.fromZod(result.error, prefix);
  return result.data as never;
}
