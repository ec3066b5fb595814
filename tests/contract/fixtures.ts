import type { RoomRecord, Store, ThreadRecord, UserRecord } from '../../server/src/store/ports';

/** The time format every store keeps: ISO-8601 UTC with milliseconds. */
export const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let userSeq = 0;

/** A fresh user with a unique, valid (lower-case) username. */
export async function makeUser(store: Store, prefix = 'user'): Promise<UserRecord> {
  userSeq += 1;
  const username = `${prefix}_${process.pid}_${userSeq}`.toLowerCase().slice(0, 32);
  return store.users.create({ username, displayName: `${prefix} ${userSeq}`, passwordHash: 'hash' });
}

/** `count` fresh users, created one after another. */
export async function makeUsers(store: Store, count: number, prefix = 'user'): Promise<UserRecord[]> {
  const users: UserRecord[] = [];
  for (let i = 0; i < count; i += 1) users.push(await makeUser(store, prefix));
  return users;
}

export async function makeRoom(
  store: Store,
  ownerId: string,
  overrides: Partial<{ name: string; topic: string; description: string; visibility: 'public' | 'private' }> = {},
): Promise<RoomRecord> {
  return store.rooms.create({ name: 'room', topic: '', description: '', visibility: 'public', ownerId, ...overrides });
}

export async function makeThread(
  store: Store,
  authorId: string,
  overrides: Partial<{ title: string; body: string; tags: string[] }> = {},
): Promise<ThreadRecord> {
  return store.threads.create({ title: 'A thread', body: 'Some body text', tags: [], authorId, ...overrides });
}

/**
 * Waits until the wall clock has moved on by at least one millisecond, so the next stored timestamp is
 * strictly later than any taken before. Used only to make "newest/most recent" orders unambiguous; no test
 * asserts anything about how long something took.
 */
export async function nextMillisecond(): Promise<void> {
  const start = Date.now();
  while (Date.now() <= start) await new Promise((resolve) => setTimeout(resolve, 1));
}

/** Byte-for-byte equality, whatever Uint8Array subclass (Buffer, ...) an adapter returns. */
export function sameBytes(a: Uint8Array | null | undefined, b: Uint8Array | null | undefined): boolean {
  if (!a || !b) return a === b;
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

export const ids = <T extends { id: string }>(items: readonly T[]): string[] => items.map((item) => item.id);

export const sorted = (values: readonly string[]): string[] => [...values].sort();

/**
 * Reads a paged id listing from the start, `limit` at a time, each page continuing after the last id of the
 * one before, until a page comes back empty; returns the non-empty pages.
 */
export async function idPages(list: (page: { afterId?: string; limit: number }) => Promise<string[]>, limit: number): Promise<string[][]> {
  const pages: string[][] = [];
  let afterId: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await list({ ...(afterId ? { afterId } : {}), limit });
    if (page.length === 0) return pages;
    pages.push(page);
    afterId = page[page.length - 1];
  }
  throw new Error('the id listing never came to an end');
}
