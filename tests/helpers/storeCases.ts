import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Store } from '../../server/src/store/ports';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { tempDir } from './tempDir';

/** One way to get a fresh, empty store of each adapter; tests/contract runs every case. */
export interface StoreCase {
  name: 'sqlite' | 'mongo';
  /** A new empty store. `reopen` opens the same data again, as after a restart. */
  open(): Promise<{ store: Store; reopen(): Promise<Store>; destroy(): Promise<void> }>;
}

const sqliteCase: StoreCase = {
  name: 'sqlite',
  async open() {
    const dataDir = tempDir();
    return {
      store: openSqliteStore({ dataDir }),
      reopen: async () => openSqliteStore({ dataDir }),
      destroy: async () => fs.rmSync(dataDir, { recursive: true, force: true }),
    };
  },
};

const mongoUri = process.env.MONGODB_URI;

const mongoCase: StoreCase = {
  name: 'mongo',
  async open() {
    // A database of its own per store, so test files running in parallel never see each other's data.
    const dbName = `cohort_test_${randomBytes(6).toString('hex')}`;
    // Loaded only when MongoDB is tested, so SQLite-only runs never touch mongoose.
    const { openMongoStore, dropMongoDatabase } = await import('../../server/src/store/mongo/mongoStore');
    const store = await openMongoStore({ uri: mongoUri!, dbName });
    return {
      store,
      reopen: () => openMongoStore({ uri: mongoUri!, dbName }),
      destroy: async () => {
        await dropMongoDatabase(mongoUri!, dbName);
      },
    };
  },
};

let warned = false;

/** The adapters to test: SQLite always; MongoDB when MONGODB_URI is set (and always in CI). */
export function storeCases(): StoreCase[] {
  if (mongoUri) return [sqliteCase, mongoCase];
  if (process.env.CI) throw new Error('MONGODB_URI must be set in CI: the mongo adapter is tested there');
  if (!warned) {
    warned = true;
    console.warn('MONGODB_URI is not set: skipping the MongoDB half of the store tests (CI runs it against FerretDB)');
  }
  return [sqliteCase];
}

/**
 * Runs `body` once per adapter with a fresh store for every test. Use `ctx.store` inside tests;
 * `ctx.reopen()` closes it and opens the same data again.
 */
export function describeEachStore(title: string, body: (ctx: { readonly store: Store; reopen(): Promise<Store> }) => void): void {
  for (const storeCase of storeCases()) {
    describe(`${title} [${storeCase.name}]`, () => {
      let handle: Awaited<ReturnType<StoreCase['open']>> | undefined;
      let current: Store | undefined;
      const ctx = {
        get store(): Store {
          if (!current) throw new Error('store not open');
          return current;
        },
        async reopen(): Promise<Store> {
          await current?.close();
          current = await handle!.reopen();
          return current;
        },
      };
      beforeEach(async () => {
        handle = await storeCase.open();
        current = handle.store;
      });
      afterEach(async () => {
        await current?.close();
        await handle?.destroy();
        current = undefined;
      });
      body(ctx);
    });
  }
}
