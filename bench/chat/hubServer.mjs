// The hub as it runs in production, for the chat bench: authenticated sockets, zod validation, SQLite (WAL)
// append before ack and broadcast, presenters, connection-state recovery. Lifted: the per-user send limit
// and the auth rate limit (the bench measures fan-out, not the limiters). Off: semantic indexing, which
// runs in the separate model process and is not part of delivery.
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
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-bench-chat-'));
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    EMBEDDINGS: 'off',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    CHAT_SEND_BURST: '1000000',
    CHAT_SEND_PER_SECOND: '1000000',
    CLIENT_DIR: path.join(dataDir, 'no-client'),
  });
  const hub = await startHub(config);
  return {
    info: { url: hub.url },
    stop: async () => {
      await hub.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
