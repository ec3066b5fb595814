import type { Config } from '../config';
import { openMongoStore } from './mongo/mongoStore';
import type { Store } from './ports';
import { openSqliteStore } from './sqlite/sqliteStore';

/** The store the configuration names: SQLite in DATA_DIR by default, MongoDB when STORE=mongo. */
export async function openStore(config: Pick<Config, 'store' | 'dataDir' | 'mongodbUri'>): Promise<Store> {
  if (config.store === 'mongo') return openMongoStore({ uri: config.mongodbUri! });
  return openSqliteStore({ dataDir: config.dataDir });
}
