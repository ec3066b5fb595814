/**
 * Work that at most one process may do at a time (compacting one document, recomputing clusters). With one
 * process there is nothing to exclude; with several, a Redis lock with an expiry (scaleout/redisLock.ts).
 */
export interface ExclusiveLock {
  /** Runs `task` if the lock `name` is free, holding it meanwhile; false (task not run) when another holds it. */
  runExclusive(name: string, task: () => Promise<void>): Promise<boolean>;
}
