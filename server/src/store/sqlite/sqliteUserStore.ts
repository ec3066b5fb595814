import { newId, nowIso } from '../ids';
import { nameKey, prefixRange } from '../namePrefix';
import { pageLimit } from '../pageLimit';
import { StoreConflictError, type NewUser, type UserRecord, type UserStore } from '../ports';
import { isUniqueViolation, type SqliteDb } from './sqliteDatabase';

export interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
}

export const toUserRecord = (r: UserRow): UserRecord => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  passwordHash: r.password_hash,
  createdAt: r.created_at,
});

export class SqliteUserStore implements UserStore {
  private readonly insert;
  private readonly byId;
  private readonly byUsername;
  private readonly setDisplayName;
  private readonly setPasswordHash;
  private readonly byIds;
  private readonly byUsernamePrefix;
  private readonly byDisplayNamePrefix;

  constructor(db: SqliteDb) {
    this.insert = db.prepare('INSERT INTO users (id, username, display_name, display_name_key, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    this.byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
    this.byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
    this.setDisplayName = db.prepare('UPDATE users SET display_name = ?, display_name_key = ? WHERE id = ?');
    this.setPasswordHash = db.prepare('UPDATE users SET password_hash = ? WHERE id = ?');
    this.byIds = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))');
    // Ranges, not LIKE: they walk the unique username index (its NOCASE is plain order on lower-case names)
    // and the display_name_key index, with no wildcard to escape.
    this.byUsernamePrefix = db.prepare<[string, string, number], UserRow>('SELECT * FROM users WHERE username >= ? AND username < ? ORDER BY username LIMIT ?');
    this.byDisplayNamePrefix = db.prepare<[string, string, number], UserRow>(
      'SELECT * FROM users WHERE display_name_key >= ? AND display_name_key < ? ORDER BY username LIMIT ?',
    );
  }

  async create(input: NewUser): Promise<UserRecord> {
    const record: UserRecord = { id: newId(), ...input, createdAt: nowIso() };
    try {
      this.insert.run(record.id, record.username, record.displayName, nameKey(record.displayName), record.passwordHash, record.createdAt);
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreConflictError('username');
      throw err;
    }
    return record;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = this.byId.get(id);
    return row ? toUserRecord(row) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row = this.byUsername.get(username);
    return row ? toUserRecord(row) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return this.byIds.all(JSON.stringify(ids)).map(toUserRecord);
  }

  async updateDisplayName(id: string, displayName: string): Promise<UserRecord | null> {
    this.setDisplayName.run(displayName, nameKey(displayName), id);
    return this.findById(id);
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<boolean> {
    return this.setPasswordHash.run(passwordHash, id).changes > 0;
  }

  async searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]> {
    const max = pageLimit(limit);
    const key = nameKey(prefix);
    if (key === '') return [];
    const { from, to } = prefixRange(key);
    const found = this.byUsernamePrefix.all(from, to, max);
    if (found.length === max) return found.map(toUserRecord);
    // Every username match is in `found`, so dropping those from the first `max` display-name matches leaves
    // the first display-name-only ones.
    const seen = new Set(found.map((r) => r.id));
    const more = this.byDisplayNamePrefix.all(from, to, max).filter((r) => !seen.has(r.id));
    return [...found, ...more].slice(0, max).map(toUserRecord);
  }
}
