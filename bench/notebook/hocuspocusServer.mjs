// Hocuspocus (@hocuspocus/server 3.4.4, the newest that runs on Node 20; 4.x needs Node 22) configured the
// way Outline deploys it (server/services/collaboration.ts): debounce 3000 ms, maxDebounce 10000 ms, an
// authentication extension checking the token, and a persistence extension that loads the document's state
// and stores it whole. Persistence here is @hocuspocus/extension-database on SQLite (better-sqlite3, WAL,
// synchronous=NORMAL, as the hub): what @hocuspocus/extension-sqlite does (same table), with the driver
// the hub uses (extension-sqlite needs the native sqlite3 package, which cannot be built here). So it
// persists the whole document at most every 3 s of quiet / 10 s of activity and when it unloads: an update
// is broadcast before it is stored, and a crash loses up to 10 s of edits.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const require = createRequire(path.join(root, 'package.json'));
const TOKEN = 'bench-token';

export async function serve() {
  const { Hocuspocus } = require('@hocuspocus/server');
  const { Database } = require('@hocuspocus/extension-database');
  const BetterSqlite = require('better-sqlite3');
  const { WebSocketServer } = require('ws');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-hp-'));
  const db = new BetterSqlite(path.join(dataDir, 'hocuspocus.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS "documents" ("name" varchar(255) NOT NULL, "data" blob NOT NULL, UNIQUE(name))');
  const select = db.prepare('SELECT data FROM "documents" WHERE name = ? ORDER BY rowid DESC');
  const upsert = db.prepare('INSERT INTO "documents" ("name", "data") VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data');
  let stores = 0;
  let storedBytes = 0;
  const hocuspocus = new Hocuspocus({
    quiet: true,
    debounce: 3000,
    maxDebounce: 10000,
    extensions: [
      {
        extensionName: 'Authentication',
        async onAuthenticate({ token }) {
          if (token !== TOKEN) throw new Error('forbidden');
        },
      },
      new Database({
        fetch: async ({ documentName }) => select.get(documentName)?.data ?? null,
        store: async ({ documentName, state }) => {
          upsert.run(documentName, state);
          stores++;
          storedBytes += state.byteLength;
        },
      }),
    ],
  });
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => hocuspocus.handleConnection(ws, req)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `ws://127.0.0.1:${server.address().port}`;
  let n = 0;
  return {
    info: { persists: 'the whole document state, debounced (3 s quiet / at most every 10 s) and at unload, after broadcast' },
    async newDocument() {
      const docName = `nb-${++n}`;
      return { url: `${base}/${docName}`, docName, token: TOKEN, seeded: false };
    },
    stores: () => ({ stores, storedBytes }),
    stop: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => server.close(r));
      db.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
