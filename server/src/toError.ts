/**
 * A caught value as an Error: itself when it is one, else an Error whose message is its string form. For
 * messages and rejections built from a catch; a log line takes the caught value as it is, as `{ err }`.
 */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}
