/**
 * The page size of a keyset listing, checked before any adapter sees it: SQLite and MongoDB disagree on
 * what a LIMIT of 0, below 0 or with a fraction means (none, all, an error, a single batch, truncated...).
 * @throws RangeError unless `limit` is a positive integer.
 */
export function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`page limit must be a positive integer, got ${limit}`);
  return limit;
}
