import type { ThreadRecord, ThreadSort } from './ports';

/**
 * The keyset cursor both adapters use for thread listings: the last row's sort key and id. Every sort is
 * descending on (key, id), so a page continues strictly after the previous one no matter what was
 * inserted meanwhile.
 */
export interface ThreadCursor {
  sort: ThreadSort;
  key: string | number;
  id: string;
}

export function sortKeyOf(thread: ThreadRecord, sort: ThreadSort): string | number {
  switch (sort) {
    case 'new':
      return thread.createdAt;
    case 'top':
      return thread.score;
    case 'active':
      return thread.lastActivityAt;
  }
}

export function encodeThreadCursor(thread: ThreadRecord, sort: ThreadSort): string {
  const cursor: ThreadCursor = { sort, key: sortKeyOf(thread, sort), id: thread.id };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The decoded cursor, or null when it is malformed or was made for another sort. */
export function decodeThreadCursor(raw: string, sort: ThreadSort): ThreadCursor | null {
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<ThreadCursor>;
    if (value.sort !== sort || typeof value.id !== 'string') return null;
    const keyOk = sort === 'top' ? typeof value.key === 'number' : typeof value.key === 'string';
    return keyOk ? (value as ThreadCursor) : null;
  } catch {
    return null;
  }
}

/** A listing page from up to `limit + 1` threads read in the sort's order: the extra one only says there is more. */
export function threadPage(threads: ThreadRecord[], limit: number, sort: ThreadSort): { threads: ThreadRecord[]; nextCursor: string | null } {
  const page = threads.slice(0, limit);
  const last = page[page.length - 1];
  return { threads: page, nextCursor: threads.length > limit && last ? encodeThreadCursor(last, sort) : null };
}
