import { monotonicFactory } from 'ulid';

const ulid = monotonicFactory();

/** A new opaque id: a ULID, so ids sort in creation order (monotonic within one process). */
export function newId(): string {
  return ulid().toLowerCase();
}

/** The current time as the ISO-8601 string every store keeps. */
export function nowIso(): string {
  return new Date().toISOString();
}
