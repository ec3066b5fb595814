import { pageLimit } from '../pageLimit';
import type { SqliteDb } from './sqliteDatabase';

/**
 * A reader of one page of a table's ids in id order (`afterId` exclusive), the listing background work
 * uses to see everything; it throws RangeError unless `limit` is a positive integer. The table name is
 * spliced into SQL, so it is a constant, never input.
 */
export function prepareIdPage(db: SqliteDb, table: 'rooms' | 'notebooks'): (page: { afterId?: string; limit: number }) => string[] {
  const statement = db.prepare<[string, number], { id: string }>(`SELECT id FROM ${table} WHERE id > ? ORDER BY id LIMIT ?`);
  return (page) => statement.all(page.afterId ?? '', pageLimit(page.limit)).map((r) => r.id);
}
