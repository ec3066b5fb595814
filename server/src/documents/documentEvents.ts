import type * as Y from 'yjs';
import { EventBus } from '../domain/eventBus';

/** Work a listener hands back to the room: the room waits for what it must (versions) and logs every failure. */
interface Extendable {
  waitUntil(work: Promise<unknown>): void;
}

/**
 * The live document's content changed (debounced: `changeDebounceMs` after a burst of edits starts, and once
 * more when the room unloads). `doc` is the live copy: read it synchronously, never change it.
 */
export interface DocumentChanged extends Extendable {
  type: 'document.changed';
  docName: string;
  doc: Y.Doc;
}

/** People have been editing for `autoVersionEveryMs` (or stopped, and the room unloads): keep `state` as a version. */
export interface AutoVersionDue extends Extendable {
  type: 'document.autoVersionDue';
  docName: string;
  state: Uint8Array;
}

export type DocumentEvent = DocumentChanged | AutoVersionDue;

type Announced<E> = E extends DocumentEvent ? Omit<E, 'waitUntil'> : never;

/**
 * What the document engine tells whoever keeps books about its documents (the notebook rules), so the engine
 * never calls a domain service: they subscribe here.
 */
export class DocumentEvents extends EventBus<DocumentEvent> {
  /** Emits `event`; resolves, never rejects, once the work its listeners handed back settled, with the failures. */
  async publish(event: Announced<DocumentEvent>): Promise<unknown[]> {
    const work: Array<Promise<unknown>> = [];
    try {
      this.emit({ ...event, waitUntil: (p: Promise<unknown>) => void work.push(p) });
    } catch (err) {
      work.push(Promise.reject(err));
    }
    const settled = await Promise.allSettled(work);
    return settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : []));
  }
}
