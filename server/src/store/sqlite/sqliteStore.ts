import path from 'node:path';
import type { Store } from '../ports';
import { openSqliteDatabase } from './sqliteDatabase';
import { SqliteDocumentStore } from './sqliteDocumentStore';
import { SqliteEmbeddingStore } from './sqliteEmbeddingStore';
import { SqliteMessageStore } from './sqliteMessageStore';
import { SqliteNotebookStore } from './sqliteNotebookStore';
import { SqliteNotificationStore } from './sqliteNotificationStore';
import { SqliteProfileStore } from './sqliteProfileStore';
import { SqliteRoomStore } from './sqliteRoomStore';
import { SqliteSessionStore } from './sqliteSessionStore';
import { SqliteThreadStore } from './sqliteThreadStore';
import { SqliteUserStore } from './sqliteUserStore';
import { SqliteVersionStore } from './sqliteVersionStore';

/** The embedded default: one SQLite file, `cohort.db`, in the data directory. */
export function openSqliteStore(options: { dataDir: string }): Store {
  const db = openSqliteDatabase(path.join(options.dataDir, 'cohort.db'));
  const probe = db.prepare('INSERT INTO health_probe (id, at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET at = excluded.at');
  return {
    kind: 'sqlite',
    users: new SqliteUserStore(db),
    sessions: new SqliteSessionStore(db),
    profiles: new SqliteProfileStore(db),
    rooms: new SqliteRoomStore(db),
    messages: new SqliteMessageStore(db),
    threads: new SqliteThreadStore(db),
    notebooks: new SqliteNotebookStore(db),
    documents: new SqliteDocumentStore(db),
    versions: new SqliteVersionStore(db),
    embeddings: new SqliteEmbeddingStore(db),
    notifications: new SqliteNotificationStore(db),
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async probeWrite() {
      probe.run(new Date().toISOString());
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
