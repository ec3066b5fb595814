import type Database from 'better-sqlite3';
import { nameKey } from '../../namePrefix';

// The people search (UserStore.searchByPrefix) matches display name prefixes with a range scan on this key.
export const sql = `
ALTER TABLE users ADD COLUMN display_name_key TEXT NOT NULL DEFAULT '';
CREATE INDEX users_display_name_key ON users(display_name_key);
`;

/** Keys for the users stored before: computed in JS, since SQLite's lower() folds ASCII letters only. */
export function fill(db: Database.Database): void {
  const setKey = db.prepare('UPDATE users SET display_name_key = ? WHERE id = ?');
  for (const row of db.prepare<[], { id: string; display_name: string }>('SELECT id, display_name FROM users').all()) {
    setKey.run(nameKey(row.display_name), row.id);
  }
}
