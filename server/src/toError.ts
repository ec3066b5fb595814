import { types } from 'node:util';

/**
 * A caught value as an Error: itself when it is one, else an Error whose message is its string form. For
 * messages and rejections built from a catch; a log line takes the caught value as it is, as `{ err }`.
 * `isNativeError` also recognises errors made in another realm (a vm context, as under jest), where
 * `instanceof Error` says no.
 */
export function toError(value: unknown): Error {
  return value instanceof Error || types.isNativeError(value) ? (value as Error) : new Error(String(value));
}
