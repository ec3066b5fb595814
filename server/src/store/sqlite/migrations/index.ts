import type Database from 'better-sqlite3';
import * as m001 from './001_initial';
import * as m002 from './002_display_name_key';
import * as m003 from './003_session_user_and_probe';
import * as m004 from './004_notifications';
import * as m005 from './005_direct_rooms';

/**
 * Numbered migrations, applied in order; `PRAGMA user_version` records how many ran. Append, never edit.
 * `fill` runs after `sql` in the same transaction, for data SQL alone cannot compute.
 */
export const migrations: ReadonlyArray<{ version: number; name: string; sql: string; fill?: (db: Database.Database) => void }> = [
  { version: 1, name: 'initial', sql: m001.sql },
  { version: 2, name: 'display name key', sql: m002.sql, fill: m002.fill },
  { version: 3, name: 'session user index, health probe', sql: m003.sql },
  { version: 4, name: 'notifications', sql: m004.sql },
  { version: 5, name: 'room kind, direct conversation key', sql: m005.sql },
];
