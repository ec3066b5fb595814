import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { readNotebook, type NotebookContent } from '@cohort/shared';
import { yjsServerUrl } from '../../hooks/useYDoc';

/** Text this tab has that the hub does not: a cell (or the title) whose local text differs from the hub's. */
export interface UnsavedPiece {
  /** The cell's position in this tab's notebook (0-based), or null for the title. */
  index: number | null;
  text: string;
}

/**
 * What was typed here and never stored: every cell whose text differs from the hub's copy (a cell the hub does
 * not have at all counts whole), and the title when it differs. Empty local text is nothing to lose.
 */
export function unsavedEdits(local: NotebookContent, hub: NotebookContent): UnsavedPiece[] {
  const pieces: UnsavedPiece[] = [];
  if (local.title !== hub.title && local.title.trim() !== '') pieces.push({ index: null, text: local.title });
  const hubById = new Map(hub.cells.map((c) => [c.id, c.source]));
  local.cells.forEach((cell, index) => {
    if (cell.source.trim() === '') return;
    if (hubById.get(cell.id) !== cell.source) pieces.push({ index, text: cell.source });
  });
  return pieces;
}

/** The hub's copy of a notebook, read over a second, short-lived connection. */
export function hubContent(docName: string, timeoutMs = 10000): Promise<NotebookContent> {
  return new Promise((resolve, reject) => {
    const doc = new Y.Doc();
    // No BroadcastChannel: it would hand this doc the open editor's local (refused) state, not the hub's.
    const provider = new WebsocketProvider(yjsServerUrl(), docName, doc, { maxBackoffTime: 2000, disableBc: true });
    const done = (fn: () => void) => {
      clearTimeout(timer);
      provider.destroy();
      doc.destroy();
      fn();
    };
    const timer = setTimeout(() => done(() => reject(new Error('timeout'))), timeoutMs);
    provider.on('sync', (synced: boolean) => {
      if (synced) {
        const content = readNotebook(doc);
        done(() => resolve(content));
      }
    });
  });
}
