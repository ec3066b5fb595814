import type { OpenAPIRegistry, ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { opaqueIdSchema } from '@cohort/shared';
import { z } from 'zod';

/** The error answers every operation may name; each is one response component with the contract's error body. */
export const ERROR_RESPONSES = {
  400: { name: 'BadRequest', description: 'Invalid input: `validation_failed` (details.fields names each offending field), `invalid_json`, or `bad_path` for a malformed path' },
  401: { name: 'Unauthorized', description: '`unauthorized`: no, invalid, expired or revoked session (or a wrong login)' },
  403: { name: 'Forbidden', description: '`forbidden`: signed in but not allowed; `forbidden_origin`: a cookie-authenticated state change from an origin the hub does not trust' },
  404: { name: 'NotFound', description: '`not_found`: no such resource (or one the caller may not see)' },
  409: { name: 'Conflict', description: '`conflict` or a more specific code (e.g. `username_taken`): the write clashes with existing data' },
  413: { name: 'PayloadTooLarge', description: '`payload_too_large`: the body is over 1 MB' },
  429: { name: 'RateLimited', description: '`rate_limited`: too many attempts; `Retry-After` says how many seconds to wait' },
  503: { name: 'Unavailable', description: '`unavailable`: a dependency (the store, the embedding model) cannot answer' },
} as const;
export type ErrorStatus = keyof typeof ERROR_RESPONSES;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type ObjectSchema = z.ZodObject<z.ZodRawShape>;

/** One successful answer: JSON (the default), another media type, or none (`schema` absent). */
export interface Success {
  description: string;
  schema?: z.ZodType;
  mediaType?: string;
}

export interface Operation {
  method: Method;
  /** Express style, e.g. `/api/rooms/:id/members/:userId`; each `:name` becomes an id path parameter. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  /** false for the endpoints anyone may call (health, register, login, this document). */
  signedIn?: boolean;
  query?: ObjectSchema;
  body?: z.ZodType;
  /** false when the body may be left out (it then counts as `{}`). */
  bodyRequired?: boolean;
  responses: Partial<Record<200 | 201 | 204, Success>>;
  /** Error answers beyond the ones every operation of its kind may give (see `defaultErrors`). */
  errors?: ErrorStatus[];
}

const STATE_CHANGING: ReadonlySet<Method> = new Set(['post', 'put', 'patch', 'delete']);

/** The `:name` parameters of an Express path. */
const pathParams = (path: string): string[] => [...path.matchAll(/:([A-Za-z]+)/g)].map((m) => m[1]!);

/**
 * What any request of this shape may answer: 400 (a malformed path is `bad_path` anywhere), 401 when it needs
 * a session, 403 `forbidden_origin` and 413 for a state change (the JSON body parser runs for every one),
 * 404 for a path naming a resource.
 */
function defaultErrors(op: Operation): ErrorStatus[] {
  const errors: ErrorStatus[] = [400];
  if (op.signedIn !== false) errors.push(401);
  if (STATE_CHANGING.has(op.method)) errors.push(403, 413);
  if (pathParams(op.path).length > 0) errors.push(404);
  return errors;
}

function successResponse(success: Success): ResponseConfig {
  if (!success.schema) return { description: success.description };
  return { description: success.description, content: { [success.mediaType ?? 'application/json']: { schema: success.schema } } };
}

/** Adds one endpoint to the registry, with its path parameters, security and the error answers it may give. */
export function registerOperation(registry: OpenAPIRegistry, op: Operation): void {
  const names = pathParams(op.path);
  const request: NonNullable<RouteConfig['request']> = {};
  if (names.length > 0) request.params = z.object(Object.fromEntries(names.map((n) => [n, opaqueIdSchema])));
  if (op.query) request.query = op.query;
  if (op.body) request.body = { required: op.bodyRequired ?? true, content: { 'application/json': { schema: op.body } } };

  const responses: RouteConfig['responses'] = {};
  for (const [status, success] of Object.entries(op.responses)) responses[status] = successResponse(success);
  const errors = new Set([...defaultErrors(op), ...(op.errors ?? [])]);
  for (const status of [...errors].sort((a, b) => a - b)) responses[status] = { $ref: `#/components/responses/${ERROR_RESPONSES[status].name}` };

  registry.registerPath({
    method: op.method,
    path: op.path.replace(/:([A-Za-z]+)/g, '{$1}'),
    operationId: op.operationId,
    summary: op.summary,
    tags: [op.tag],
    security: op.signedIn === false ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }],
    request,
    responses,
  });
}

/** `registerOperation` for one tag (resource): what each resource's file uses. */
export function operationsOf(registry: OpenAPIRegistry, tag: string): (op: Omit<Operation, 'tag'>) => void {
  return (op) => registerOperation(registry, { ...op, tag });
}
