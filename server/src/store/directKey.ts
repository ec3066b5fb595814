import { createHash } from 'node:crypto';

/**
 * The unique key of a direct conversation: a hash of its members' ids, de-duplicated and sorted, so the same
 * set of people always gives the same key (and the key stays short whatever the ids are).
 */
export function directKey(memberIds: readonly string[]): string {
  return createHash('sha256').update([...new Set(memberIds)].sort().join('\n')).digest('hex');
}
