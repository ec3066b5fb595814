import { useSyncExternalStore } from 'react';

// The signed-in user's unread notification count, shared by the bell, the notifications page and the tab title.
let unread = 0;
const listeners = new Set<() => void>();

export function setUnreadNotifications(count: number): void {
  if (count === unread) return;
  unread = count;
  for (const listener of listeners) listener();
}

export function useUnreadNotifications(): number {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => unread,
  );
}

/** The tab title: "(3) Cohort" while there are unread notifications. */
export const titleWithCount = (name: string, count: number): string => (count > 0 ? `(${count > 99 ? '99+' : count}) ${name}` : name);
