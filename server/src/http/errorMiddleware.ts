import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ErrorCodes } from '@cohort/shared';
import { AppError, PayloadTooLargeError, RateLimitedError, toErrorBody } from '../domain/errors';
import type { Logger } from '../logger';

/** Unknown /api routes answer a JSON 404 rather than the client app. */
export const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: ErrorCodes.notFound, message: `No such endpoint: ${req.method} ${req.baseUrl}${req.path}` } });
};

/** The one place errors become HTTP answers. Unexpected errors are logged with their stack; clients never see it. */
export function errorMiddleware(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const mapped = fromBodyParser(err) ?? err;
    const { status, body } = toErrorBody(mapped);
    if (status >= 500) (req.log ?? logger).error({ err }, 'request failed');
    if (mapped instanceof RateLimitedError) res.setHeader('Retry-After', String(mapped.retryAfterSeconds));
    if (res.headersSent) return;
    res.status(status).json(body);
  };
}

/** Errors raised by Express middleware (body parsing, static files) carry a status or `type`; give them the contract's codes. */
function fromBodyParser(err: unknown): AppError | undefined {
  const type = (err as { type?: string } | null)?.type;
  if (type === 'entity.parse.failed') return new AppError(400, ErrorCodes.invalidJson, 'The request body is not valid JSON');
  if (type === 'entity.too.large') return new PayloadTooLargeError('The request body is larger than 1 MB');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new AppError(415, 'unsupported_encoding', 'The request body encoding is not supported');
  }
  if (typeof type === 'string' && type.startsWith('request.')) return new AppError(400, 'bad_request', 'The request body could not be read');
  // Other http-errors (e.g. serve-static's 404 for a missing asset) say their status and whether the message is safe.
  const httpError = err as { status?: unknown; expose?: unknown; message?: unknown } | null;
  if (typeof httpError?.status === 'number' && httpError.status >= 400 && httpError.status < 500 && httpError.expose === true) {
    const code = httpError.status === 404 ? ErrorCodes.notFound : 'bad_request';
    return new AppError(httpError.status, code, httpError.status === 404 ? 'Not found' : String(httpError.message));
  }
  return undefined;
}
