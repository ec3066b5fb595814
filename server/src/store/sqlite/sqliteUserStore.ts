import { newId, nowIso } from '../ids';
import { StoreConflictError, type NewUser, type UserRecord, type UserStore } from '../ports';
import { isUniqueViolation, type SqliteDb } from './sqliteDatabase';

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  created_at: string;
}

const toRecord = (r: UserRow): UserRecord => ({
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
  private readonly byIds;

  constructor(db: SqliteDb) {
    this.insert = db.prepare('INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)');
    this.byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
    this.byUsername = db.prepare<[string], UserRow>('SELECT * FROM users WHERE username = ?');
    this.setDisplayName = db.prepare('UPDATE users SET display_name = ? WHERE id = ?');
    this.byIds = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id IN (SELECT value FROM json_each(?))');
  }

  async create(input: NewUser): Promise<UserRecord> {
    const record: UserRecord = { id: newId(), ...input, createdAt: nowIso() };
    try {
      this.insert.run(record.id, record.username, record.displayName, record.passwordHash, record.createdAt);
    } catch (err) {
      if (isUniqueViolation(err)) throw new StoreConflictError('username');
      throw err;
    }
    return record;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const row = this.byUsername.get(username);
    return row ? toRecord(row) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    return this.byIds.all(JSON.stringify(ids)).map(toRecord);
  }

  async updateDisplayName(id: string, displayName: string): Promise<UserRecord | null> {
    this.setDisplayName.run(displayName, id);
    return this.findById(id);
  }
}
