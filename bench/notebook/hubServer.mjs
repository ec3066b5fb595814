// The hub as it runs in production, for the notebook bench: its /yjs gateway (token auth, notebook roles,
// strict frame decoding, update validation, size limits) and its durable storage, SQLite (WAL) in a temp
// dir: every update is appended to the document's log before it is applied and broadcast, and the log is
// compacted into a snapshot every NOTEBOOK_COMPACT_AFTER_UPDATES (500). Changed for the bench: the auth rate
// limit is lifted, a document unloads as soon as its last client goes (so that its final compaction falls in
// the step that caused it), and semantic indexing (the separate model process) is off.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
/** The hub's build: this tree's server/dist unless BENCH_HUB_DIST (or the `dist` option) names another build. */
const defaultDist = process.env.BENCH_HUB_DIST ?? path.join(root, 'server', 'dist');

export async function serve({ dist = defaultDist } = {}) {
  const { startHub } = require(path.join(dist, 'main.js'));
  const { loadConfig } = require(path.join(dist, 'config.js'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-nb-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EMBEDDINGS: 'off',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    NOTEBOOK_UNLOAD_AFTER_MS: '0',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
  });
  const hub = await startHub(config);
  const call = async (method, url, body, token) => {
    const res = await fetch(`${hub.url}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = await call('POST', '/api/auth/register', { username: 'bench_owner', password: 'bench-password-1', displayName: 'Bench' });
  let n = 0;
  return {
    info: { persists: 'every update, appended to SQLite (WAL) before it is applied and broadcast; compacted every 500 updates and at unload' },
    /** A fresh notebook per step; the editors connect as its owner. */
    async newDocument() {
      const nb = await call('POST', '/api/notebooks', { title: `Bench notebook ${++n}` }, token);
      return { url: `${hub.url.replace(/^http/, 'ws')}/yjs/${nb.docName}?token=${encodeURIComponent(token)}`, docName: nb.docName, token, seeded: true };
    },
    /** Bytes the hub holds for a document: its snapshot plus its log. */
    storedBytes: async (docName) => (await hub.store.documents.stats(docName)).bytes,
    stop: async () => {
      await hub.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
