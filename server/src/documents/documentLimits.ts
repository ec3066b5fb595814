export interface DocumentRoomLimits {
  /** Largest single update a client may send. */
  maxUpdateBytes: number;
  /** Largest the document may grow (encoded state). */
  maxDocumentBytes: number;
  maxClients: number;
  /** Merge the log into a snapshot once it holds this many updates. */
  compactAfterUpdates: number;
  /** At most one automatic version per this much time of activity. */
  autoVersionEveryMs: number;
  /** How long after the last change `document.changed` is emitted. */
  changeDebounceMs: number;
}

/** The fixed limits of a notebook document (docs/api.md, "Limits"); the rest comes from the config. */
export const NOTEBOOK_DOCUMENT_LIMITS = {
  maxUpdateBytes: 1024 * 1024,
  maxDocumentBytes: 20 * 1024 * 1024,
  maxClients: 100,
  changeDebounceMs: 2000,
} as const satisfies Partial<DocumentRoomLimits>;
