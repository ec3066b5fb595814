import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { startHubProcess, type HubProcess } from '../helpers/hubProcess';
import { tempDir } from '../helpers/tempDir';

export type SharedStore = 'sqlite' | 'mongo';

/** The stores several processes can share here: one SQLite file (WAL, same machine), and FerretDB when MONGODB_URI is set. */
export function sharedStores(): SharedStore[] {
  return process.env.MONGODB_URI ? ['sqlite', 'mongo'] : ['sqlite'];
}

export interface Cluster {
  hubs: HubProcess[];
  /** Starts one more process of the same cluster. */
  add(): Promise<HubProcess>;
  destroy(): Promise<void>;
}

/**
 * `count` hub processes sharing one Redis (under a prefix of their own, so parallel test files do not hear
 * each other) and one store. Processes start one after the other (SQLite migrations run in the first).
 */
export async function startCluster(redisUrl: string, store: SharedStore, count: number, env: Record<string, string> = {}): Promise<Cluster> {
  const dataDir = tempDir('cohort-scale-');
  const common: Record<string, string> = {
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `t${randomBytes(4).toString('hex')}`,
    SESSION_SECRET: randomBytes(32).toString('hex'),
    STORE: store,
    DATA_DIR: dataDir,
    CLIENT_DIR: `${dataDir}/no-client`,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'info',
    ...env,
  };
  if (store === 'mongo') common.MONGODB_URI = `${process.env.MONGODB_URI!.replace(/\/[^/]*$/, '')}/cohort_scale_${randomBytes(5).toString('hex')}`;
  const hubs: HubProcess[] = [];
  const add = async () => {
    const hub = await startHubProcess(common);
    hubs.push(hub);
    return hub;
  };
  try {
    for (let i = 0; i < count; i++) await add();
  } catch (err) {
    await Promise.all(hubs.map((h) => h.crash()));
    throw err;
  }
  return {
    hubs,
    add,
    async destroy() {
      await Promise.all(hubs.map((h) => h.stop()));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
