import { pageLimit } from '../pageLimit';
import type { PeopleFilter, ProfileRecord, UserRecord } from '../ports';
import type { SqliteDb } from './sqliteDatabase';
import { toUserRecord, type UserRow } from './sqliteUserStore';

/** The profile fields the directory's text query looks in (besides username and display name). */
const TEXT_FIELDS = ['bio', 'role', 'stage'] as const;
const LIST_FIELDS = ['skills', 'interests', 'offers', 'needs', 'lookingFor'] as const;

type PersonRow = UserRow & { data: string | null; updated_at: string | null };

/**
 * The member directory over users LEFT JOIN profiles: the profile is JSON, so filters reach into it with
 * json_extract / json_each. Statements are built from the filters present (only constants are spliced in)
 * and kept by their SQL, so each shape is prepared once.
 */
export class SqlitePeople {
  private readonly statements = new Map<string, { all(...params: unknown[]): PersonRow[] }>();

  constructor(
    private readonly db: SqliteDb,
    private readonly toProfile: (row: { user_id: string; data: string; updated_at: string }) => ProfileRecord,
  ) {}

  find(filter: PeopleFilter): Array<{ user: UserRecord; profile: ProfileRecord | null }> {
    const where: string[] = ['u.username > ?'];
    const params: unknown[] = [filter.afterUsername ?? ''];
    if (filter.q !== undefined && filter.q !== '') {
      const found = [
        'instr(lower(u.username), lower(?)) > 0',
        'instr(lower(u.display_name), lower(?)) > 0',
        ...TEXT_FIELDS.map((f) => `instr(lower(json_extract(p.data, '$.${f}')), lower(?)) > 0`),
        ...LIST_FIELDS.map((f) => `EXISTS (SELECT 1 FROM json_each(p.data, '$.${f}') j WHERE instr(lower(j.value), lower(?)) > 0)`),
      ];
      where.push(`(${found.join(' OR ')})`);
      params.push(...found.map(() => filter.q));
    }
    for (const field of ['role', 'stage'] as const) {
      const value = filter[field];
      if (value === undefined) continue;
      where.push(`lower(json_extract(p.data, '$.${field}')) = lower(?)`);
      params.push(value);
    }
    for (const field of ['languages', 'lookingFor', 'skills'] as const) {
      const values = filter[field];
      if (values === undefined || values.length === 0) continue;
      where.push(`EXISTS (SELECT 1 FROM json_each(p.data, '$.${field}') j WHERE lower(j.value) IN (SELECT lower(value) FROM json_each(?)))`);
      params.push(JSON.stringify(values));
    }
    if (filter.timezones !== undefined) {
      where.push(`json_extract(p.data, '$.timezone') IN (SELECT value FROM json_each(?))`);
      params.push(JSON.stringify(filter.timezones));
    }
    if (filter.minHoursPerWeek !== undefined) {
      where.push(`json_extract(p.data, '$.hoursPerWeek') >= ?`);
      params.push(filter.minHoursPerWeek);
    }
    const sql = `SELECT u.*, p.data AS data, p.updated_at AS updated_at FROM users u LEFT JOIN profiles p ON p.user_id = u.id
      WHERE ${where.join(' AND ')} ORDER BY u.username LIMIT ?`;
    params.push(pageLimit(filter.limit));
    const rows = this.prepared(sql).all(...params);
    return rows.map((row) => ({
      user: toUserRecord(row),
      profile: row.data === null || row.updated_at === null ? null : this.toProfile({ user_id: row.id, data: row.data, updated_at: row.updated_at }),
    }));
  }

  private prepared(sql: string) {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare<unknown[], PersonRow>(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
