import { StoreConflictError } from '../ports';

const DUPLICATE_KEY_CODES = new Set([11000, 11001]);

/** True for a unique-index violation, however the driver or mongoose wrapped it. */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const e = err as { code?: unknown; writeErrors?: unknown; cause?: unknown };
  if (typeof e.code === 'number' && DUPLICATE_KEY_CODES.has(e.code)) return true;
  if (Array.isArray(e.writeErrors) && e.writeErrors.some((w: { code?: unknown }) => typeof w?.code === 'number' && DUPLICATE_KEY_CODES.has(w.code))) {
    return true;
  }
  return e.cause !== undefined && e.cause !== err && isDuplicateKey(e.cause);
}

/**
 * Runs an upsert again when it lost an insert race: two upserts of a new key can both miss and both
 * insert, and the unique index rejects the second; the retry then finds the document and updates it.
 * A clash that persists is reported as StoreConflictError on `key`, never as a driver error.
 */
export async function retryOnDuplicate<T>(key: string, operation: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation();
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      if (attempt >= attempts) throw new StoreConflictError(key);
    }
  }
}
