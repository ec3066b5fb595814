import type { ErrorBody } from '@cohort/shared';

/** An HTTP answer that was not 2xx, carrying the contract's error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Field name (dotted path) -> problem, from `details.fields` of a 400. */
  readonly fields: Record<string, string>;
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}, retryAfterSeconds: number | null = null) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

function isErrorBody(v: unknown): v is ErrorBody {
  return typeof v === 'object' && v !== null && typeof (v as ErrorBody).error === 'object' && (v as ErrorBody).error !== null;
}

/** Calls the hub's JSON API with the session cookie; throws ApiError for any non-2xx answer. */
export async function api<T>(method: string, path: string, body?: unknown, init: { signal?: AbortSignal } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? { accept: 'application/json' } : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: init.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', err instanceof Error ? err.message : 'network error');
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let parsed: unknown = text;
  if ((res.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  if (!res.ok) {
    if (isErrorBody(parsed)) {
      const details = parsed.error.details ?? {};
      const fields = (typeof details.fields === 'object' && details.fields !== null ? details.fields : {}) as Record<string, string>;
      const retry = Number(res.headers.get('retry-after'));
      throw new ApiError(res.status, parsed.error.code, parsed.error.message, fields, Number.isFinite(retry) && retry > 0 ? retry : null);
    }
    throw new ApiError(res.status, res.status === 404 ? 'not_found' : 'internal_error', typeof parsed === 'string' ? parsed.slice(0, 200) : res.statusText);
  }
  return parsed as T;
}

export const isUnavailable = (err: unknown): boolean => err instanceof ApiError && err.status === 503;

/** A random id for idempotency keys; getRandomValues works in insecure contexts too, unlike randomUUID. */
export function randomId(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
