import type * as Y from 'yjs';

/**
 * What the notebook rules need from wherever live documents are held (the document engine's rooms): the
 * current state, and a way to change it that reaches every live editor. Declared here so the rules do not
 * depend on the engine; `DocumentRooms` implements it.
 */
export interface NotebookDocuments {
  /** The document's current full state as one update (the live copy when it is loaded). */
  state(docName: string): Promise<Uint8Array>;
  /**
   * Applies `change` to the current document as one new, forward edit: stored durably, then broadcast to live
   * editors. Nothing else touches the document in between; `beforeCommit` gets the state just before the edit
   * and runs first (e.g. to keep it as a version), and when it throws the edit is not made.
   */
  edit(docName: string, change: (doc: Y.Doc) => void, options?: { beforeCommit?(previous: Uint8Array): Promise<void> }): Promise<void>;
}
