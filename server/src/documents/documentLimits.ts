import { metaOf, META_TITLE, notebookIdOf } from '@cohort/shared';
import type * as Y from 'yjs';
import type { NotebookService } from '../domain/notebookService';
import type { Logger } from '../logger';
import type { DocumentRoomHooks, DocumentRoomLimits } from './documentRoom';

/** The fixed limits of a notebook document (docs/api.md, "Limits"). */
export const NOTEBOOK_DOCUMENT_LIMITS = {
  maxUpdateBytes: 1024 * 1024,
  maxDocumentBytes: 20 * 1024 * 1024,
  maxClients: 100,
  changeDebounceMs: 2000,
} as const satisfies Partial<DocumentRoomLimits>;

/** What a notebook's room tells the notebook rules: content changed (re-index, title), and automatic versions. */
export function notebookRoomHooks(notebooks: () => NotebookService, logger: Logger): DocumentRoomHooks {
  return {
    changed(docName: string, doc: Y.Doc) {
      const id = notebookIdOf(docName);
      if (!id) return;
      const title = metaOf(doc).get(META_TITLE);
      notebooks()
        .documentChanged(id, typeof title === 'string' ? title : '')
        .catch((err: unknown) => logger.error({ err, docName }, 'notebook change bookkeeping failed'));
    },
    async autoVersion(docName: string, state: Uint8Array) {
      const id = notebookIdOf(docName);
      if (id) await notebooks().recordAutoVersion(id, state);
    },
  };
}
