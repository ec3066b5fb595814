import { newId, nowIso } from '../ids';
import type { SessionRecord, SessionStore } from '../ports';
import type { SqliteDb } from './sqliteDatabase';

interface SessionRow {
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const toRecord = (r: SessionRow): SessionRecord => ({
  id: r.id,
  userId: r.user_id,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
});

export class SqliteSessionStore implements SessionStore {
  private readonly insert;
  private readonly byId;
  private readonly revokeStmt;
  private readonly purge;
  private readonly liveOfUser;
  private readonly revokeMany;

  constructor(db: SqliteDb) {
    this.insert = db.prepare('INSERT INTO sessions (id, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)');
    this.byId = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE id = ?');
    this.revokeStmt = db.prepare('UPDATE sessions SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?');
    this.purge = db.prepare('DELETE FROM sessions WHERE expires_at < ?');
    this.liveOfUser = db.prepare<[string, string, string], { id: string }>(
      'SELECT id FROM sessions WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND id != ?',
    );
    this.revokeMany = db.transaction((userId: string, at: string, exceptId: string): string[] => {
      const ids = this.liveOfUser.all(userId, at, exceptId).map((r) => r.id);
      for (const id of ids) this.revokeStmt.run(at, id);
      return ids;
    });
  }

  async create(input: { userId: string; expiresAt: string }): Promise<SessionRecord> {
    const record: SessionRecord = { id: newId(), userId: input.userId, createdAt: nowIso(), expiresAt: input.expiresAt, revokedAt: null };
    this.insert.run(record.id, record.userId, record.createdAt, record.expiresAt);
    return record;
  }

  async findById(id: string): Promise<SessionRecord | null> {
    const row = this.byId.get(id);
    return row ? toRecord(row) : null;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return this.revokeStmt.run(at, id).changes > 0;
  }

  async revokeAllForUser(userId: string, at: string, exceptId = ''): Promise<string[]> {
    return this.revokeMany(userId, at, exceptId);
  }

  async purgeExpired(now: string): Promise<number> {
    return this.purge.run(now).changes;
  }
}
