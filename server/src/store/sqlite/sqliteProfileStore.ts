import { nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import { emptyProfileFields } from '../profileDefaults';
import type { PeopleFilter, ProfileFields, ProfileRecord, ProfileStore, UserRecord } from '../ports';
import type { SqliteDb } from './sqliteDatabase';
import { SqlitePeople } from './sqlitePeople';

interface ProfileRow {
  user_id: string;
  data: string;
  updated_at: string;
}

const toRecord = (r: ProfileRow): ProfileRecord => ({
  ...emptyProfileFields(),
  ...(JSON.parse(r.data) as Partial<ProfileFields>),
  userId: r.user_id,
  updatedAt: r.updated_at,
});

export class SqliteProfileStore implements ProfileStore {
  private readonly byUser;
  private readonly write;
  private readonly page;
  private readonly upsertTx;
  private readonly people;
  private readonly timezones;

  constructor(db: SqliteDb) {
    this.byUser = db.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE user_id = ?');
    this.write = db.prepare(
      'INSERT INTO profiles (user_id, data, updated_at) VALUES (?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at',
    );
    this.people = new SqlitePeople(db, toRecord);
    this.timezones = db.prepare<[], { timezone: string }>(
      `SELECT DISTINCT json_extract(data, '$.timezone') AS timezone FROM profiles WHERE json_extract(data, '$.timezone') <> '' ORDER BY timezone`,
    );
    this.page = db.prepare<[string, number], ProfileRow>('SELECT * FROM profiles WHERE user_id > ? ORDER BY user_id LIMIT ?');
    // Read-modify-write in one transaction so two concurrent patches cannot drop each other's fields.
    this.upsertTx = db.transaction((userId: string, patch: Partial<ProfileFields>): ProfileRecord => {
      const row = this.byUser.get(userId);
      const current: ProfileFields = row ? toRecord(row) : emptyProfileFields();
      const { userId: _u, updatedAt: _t, ...fields } = { ...current, ...patch } as ProfileRecord;
      const updatedAt = nowIso();
      this.write.run(userId, JSON.stringify(fields), updatedAt);
      return { ...fields, userId, updatedAt };
    });
  }

  async get(userId: string): Promise<ProfileRecord | null> {
    const row = this.byUser.get(userId);
    return row ? toRecord(row) : null;
  }

  async upsert(userId: string, patch: Partial<ProfileFields>): Promise<ProfileRecord> {
    return this.upsertTx(userId, patch);
  }

  async list(page: { afterUserId?: string; limit: number }): Promise<ProfileRecord[]> {
    return this.page.all(page.afterUserId ?? '', pageLimit(page.limit)).map(toRecord);
  }

  async findPeople(query: PeopleFilter): Promise<Array<{ user: UserRecord; profile: ProfileRecord | null }>> {
    return this.people.find(query);
  }

  async listTimezones(): Promise<string[]> {
    return this.timezones.all().map((r) => r.timezone);
  }
}
