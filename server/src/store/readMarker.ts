/** Where a message stands in its room's order, which is (createdAt, id). */
export interface MessageKey {
  id: string;
  createdAt: string;
}

/**
 * Whether moving a member's read marker from `current` to `next` moves it forward, given what the store
 * knows of the two messages (`keys`, either may be missing). A message the store does not know cannot be
 * placed in the room's order; ids are time-ordered, so id order stands in for it then.
 */
export function movesReadMarkerForward(next: string, current: string, keys: readonly MessageKey[]): boolean {
  const a = keys.find((k) => k.id === next);
  const b = keys.find((k) => k.id === current);
  if (!a || !b) return next > current;
  return a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id);
}
