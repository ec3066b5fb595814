import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations } from './migrations';

export type SqliteDb = Database.Database;

/**
 * Opens (creating if needed) the database file with the settings every adapter relies on, and applies
 * pending migrations. WAL with synchronous=NORMAL: a committed transaction survives a process crash
 * (SIGKILL), which is the durability the hub promises; only an OS crash or power cut may lose the last
 * few milliseconds of commits.
 */
export function openSqliteDatabase(file: string): SqliteDb {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  applyMigrations(db);
  return db;
}

function applyMigrations(db: SqliteDb): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      migration.fill?.(db);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}

/** SQLite's unique-constraint failure, which adapters turn into StoreConflictError. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE'
    || (err as { code?: string } | null)?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
