/**
 * A caught value as an Error: itself when it is one, else an Error whose message is its string form. For
 * messages and rejections built from a catch; a log line takes the caught value as it is, as `{ err }`.
 * Error-shaped objects count: better-sqlite3's SqliteError is not made by the Error constructor, and under
 * jest it comes from another realm, so neither `instanceof Error` nor `util.types.isNativeError` knows it.
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  const shaped = value as { name?: unknown; message?: unknown } | null;
  if (typeof shaped === 'object' && shaped !== null && typeof shaped.message === 'string' && typeof shaped.name === 'string') return shaped as Error;
  return new Error(String(value));
}
