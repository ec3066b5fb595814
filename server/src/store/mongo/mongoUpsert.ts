import { retryOnDuplicate } from './mongoErrors';

/**
 * An upsert built from two atomic steps instead of `$setOnInsert`, which FerretDB 1.x gets wrong (it drops
 * `[]` and `null` values from the inserted document). Update the document if it exists; otherwise insert it
 * whole; if another writer inserted it in between, the unique index says so and the update runs again.
 * A clash that persists is reported as StoreConflictError on `key`.
 */
export async function updateElseInsert<T>(key: string, update: () => Promise<T | null>, insert: () => Promise<T>, attempts = 3): Promise<T> {
  return retryOnDuplicate(
    key,
    async () => {
      const updated = await update();
      return updated !== null ? updated : insert();
    },
    attempts,
  );
}
