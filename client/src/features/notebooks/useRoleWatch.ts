import { useEffect, useRef } from 'react';
import type { NotebookDetailView } from '@cohort/shared';
import { api } from '../../api/http';
import type { YDocHandle } from '../../hooks/useYDoc';

const AFTER_EDIT_MS = 1200;
const EVERY_MS = 15000;

/**
 * Re-reads the caller's notebook role while they may write. The hub drops a viewer's updates without telling
 * the client, so a downgrade is looked for soon after each local edit, when the tab is seen again, and every
 * 15 s; `onChange` gets the notebook with the new role.
 */
export function useRoleWatch(notebookId: string, meta: NotebookDetailView | null, handle: YDocHandle | null, onChange: (nb: NotebookDetailView) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const role = meta?.role;
  const writer = role === 'owner' || role === 'editor';

  useEffect(() => {
    if (!writer || !handle) return;
    let pending: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;
    const check = async () => {
      pending = null;
      try {
        const nb = await api<NotebookDetailView>('GET', `/api/notebooks/${notebookId}`);
        if (!stopped && nb.role !== role) latest.current(nb);
      } catch {
        // Offline, or access removed (the Yjs connection's close code reports that): look again later.
      }
    };
    const soon = () => {
      if (pending === null) pending = setTimeout(() => void check(), AFTER_EDIT_MS);
    };
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin !== handle.provider) soon();
    };
    const onSeen = () => {
      if (document.visibilityState === 'visible') void check();
    };
    handle.doc.on('update', onUpdate);
    const timer = setInterval(() => void check(), EVERY_MS);
    window.addEventListener('focus', onSeen);
    document.addEventListener('visibilitychange', onSeen);
    return () => {
      stopped = true;
      if (pending) clearTimeout(pending);
      clearInterval(timer);
      handle.doc.off('update', onUpdate);
      window.removeEventListener('focus', onSeen);
      document.removeEventListener('visibilitychange', onSeen);
    };
  }, [notebookId, role, writer, handle]);
}
