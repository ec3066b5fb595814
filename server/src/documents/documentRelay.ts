/**
 * How the processes holding the same document exchange its updates and awareness when several serve
 * together (scaleout/redisDocumentRelay.ts). A process publishes what it stored (never before) and what
 * its own clients' awareness did; it applies what its peers publish without storing it again.
 */
export interface DocumentRelay {
  /** Opens the document's channel. Open it before loading the document, so nothing published meanwhile is missed. */
  open(docName: string): Promise<DocumentChannel>;
}

export interface DocumentPeerHandlers {
  update(update: Uint8Array): void;
  awareness(update: Uint8Array): void;
  /** Messages may have been missed (the relay was away): catch up from the store. */
  resync(): void;
}

export interface DocumentChannel {
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
  /** Peers' messages go to `handlers` from now on; those that arrived since `open` are delivered first. */
  attach(handlers: DocumentPeerHandlers): void;
  close(): Promise<void>;
}
