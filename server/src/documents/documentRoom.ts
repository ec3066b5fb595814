import * as Y from 'yjs';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { cellsOf, metaOf } from '@cohort/shared';
import { mayWriteNotebook } from '../domain/policies';
import type { Logger } from '../logger';
import { rewriteAwarenessUpdate } from '../realtime/yjs/awarenessIdentity';
import type { DocumentEvents } from './documentEvents';
import type { DocumentRoomLimits } from './documentLimits';
import type { DocumentLog } from './documentLog';
import type { DocumentChannel } from './documentRelay';
import { CloseCodes, type RoomConnection } from '../realtime/yjs/roomConnection';
import { assertValidUpdate, awarenessFrame, decodeMessage, MalformedMessage, syncStep1Frame, syncStep2Frame, updateFrame } from '../realtime/yjs/yjsMessages';

/** The room was unloaded (the hub is stopping) before the operation ran. */
export class RoomClosedError extends Error {
  constructor(docName: string) {
    super(`document ${docName} is closed`);
    this.name = 'RoomClosedError';
  }
}

/** Origin of changes that came from a peer process through the relay: shown to clients, never published back. */
const RELAYED = Symbol('relayed');

/** Most Yjs client ids one connection may publish awareness for (a tab normally has one). */
const MAX_CLIENT_IDS_PER_CONNECTION = 4;

/**
 * One live document and everything attached to it: the Y.Doc, its connections, their awareness, its durable
 * log and its broadcast. All document changes go through one serial queue: stored first, then applied, then
 * broadcast, so what any client receives is already durable. With several processes the relay channel hooks
 * in here (publish what `doc` and `awareness` emit, feed in what peers publish) without touching the gateway.
 * What the rest of the hub keeps books about (changes, automatic versions) goes out on `DocumentEvents`.
 */
export class DocumentRoom {
  readonly doc = new Y.Doc({ gc: true });
  readonly awareness: Awareness;
  private readonly connections = new Set<RoomConnection>();
  private readonly clientOwners = new Map<number, RoomConnection>();
  private readonly ownedClients = new Map<RoomConnection, Set<number>>();
  private queue: Promise<void> = Promise.resolve();
  private pending: Array<{ from: RoomConnection; update: Uint8Array }> = [];
  private drainQueued = false;
  /** Upper bound on the encoded document size: exact at load and after each check, plus what came in since. */
  private sizeBound = 0;
  private changeTimer: NodeJS.Timeout | undefined;
  private autoVersionTimer: NodeJS.Timeout | undefined;
  private lastAutoVersionAt = 0;
  /** False while the stored state is being loaded: loading is not activity and is not broadcast. */
  private live = false;
  private closed = false;
  /** Set once the document is released; jobs queued after that fail instead of touching it. */
  private destroyed = false;

  private constructor(
    readonly docName: string,
    private readonly log: DocumentLog,
    private readonly limits: DocumentRoomLimits,
    private readonly events: DocumentEvents,
    private readonly logger: Logger,
    private readonly channel: DocumentChannel | undefined,
  ) {
    // Root types are fixed before any client content arrives, so a client cannot redefine them.
    metaOf(this.doc);
    cellsOf(this.doc);
    this.awareness = new Awareness(this.doc);
    // The server is not an editor: it publishes no presence of its own.
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.onDocUpdate(update, origin));
    this.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
      const ids = [...change.added, ...change.updated, ...change.removed];
      const update = encodeAwarenessUpdate(this.awareness, ids);
      // Sent to everyone, the sender included: the stock client counts it as a sign of life.
      this.broadcast(awarenessFrame(update), null);
      // Peers time out stale states themselves; they need only what our own clients did.
      if (origin !== RELAYED && origin !== 'timeout') this.channel?.publishAwareness(update);
    });
  }

  /** Loads the document from its log. */
  static async load(
    docName: string,
    log: DocumentLog,
    limits: DocumentRoomLimits,
    events: DocumentEvents,
    logger: Logger,
    channel?: DocumentChannel,
  ): Promise<DocumentRoom> {
    const room = new DocumentRoom(docName, log, limits, events, logger, channel);
    await log.loadInto(room.doc);
    room.live = true;
    // Opened before the load: what peers published meanwhile is applied now (Yjs ignores what it already has).
    channel?.attach({
      update: (update) => room.applyRelayed(update),
      awareness: (update) => room.applyRelayedAwareness(update),
      resync: () => void room.resyncFromStore(),
    });
    room.sizeBound = Y.encodeStateAsUpdate(room.doc).byteLength;
    if (log.pendingMerge >= limits.compactAfterUpdates) await room.enqueue(() => log.compact(room.doc));
    return room;
  }

  get clientCount(): number {
    return this.connections.size;
  }

  /** Adds a connection and starts its sync; false when the room is full. */
  join(conn: RoomConnection): boolean {
    if (this.closed) throw new Error('room is closed');
    if (this.connections.size >= this.limits.maxClients) return false;
    this.connections.add(conn);
    conn.send(syncStep1Frame(this.doc));
    const states = [...this.awareness.getStates().keys()];
    if (states.length > 0) conn.send(awarenessFrame(encodeAwarenessUpdate(this.awareness, states)));
    return true;
  }

  leave(conn: RoomConnection): void {
    if (!this.connections.delete(conn)) return;
    const owned = this.ownedClients.get(conn);
    this.ownedClients.delete(conn);
    if (owned) {
      for (const id of owned) this.clientOwners.delete(id);
      removeAwarenessStates(this.awareness, [...owned], null);
    }
  }

  has(conn: RoomConnection): boolean {
    return this.connections.has(conn);
  }

  forEachConnection(fn: (conn: RoomConnection) => void): void {
    for (const conn of [...this.connections]) fn(conn);
  }

  /** Handles one frame from a member connection. Never throws: a bad frame closes that connection only. */
  receive(conn: RoomConnection, frame: Uint8Array): void {
    if (!this.connections.has(conn)) return;
    try {
      const message = decodeMessage(frame);
      switch (message.kind) {
        case 'syncStep1':
          conn.send(syncStep2Frame(this.doc, message.stateVector));
          return;
        case 'update':
          this.receiveUpdate(conn, message.update);
          return;
        case 'awareness': {
          const rewritten = rewriteAwarenessUpdate(message.update, { id: conn.user.id, name: conn.user.name }, (clientId) => this.claimClientId(conn, clientId));
          if (rewritten) applyAwarenessUpdate(this.awareness, rewritten, conn);
          return;
        }
        case 'queryAwareness':
          conn.send(awarenessFrame(encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()])));
          return;
      }
    } catch (err) {
      if (err instanceof MalformedMessage) {
        this.logger.warn({ docName: this.docName, userId: conn.user.id, reason: err.message }, 'malformed yjs frame; closing that connection');
        conn.close(CloseCodes.malformed, 'malformed message');
      } else {
        this.logger.error({ err, docName: this.docName, userId: conn.user.id }, 'yjs frame handling failed');
        conn.close(CloseCodes.internalError, 'internal error');
      }
    }
  }

  private receiveUpdate(conn: RoomConnection, update: Uint8Array): void {
    // Viewers' clients send their local edits like anyone else's; they are simply never applied.
    if (!mayWriteNotebook(conn.role)) return;
    if (update.byteLength > this.limits.maxUpdateBytes) {
      conn.close(CloseCodes.tooLarge, `update larger than ${this.limits.maxUpdateBytes} bytes`);
      return;
    }
    assertValidUpdate(update);
    if (this.sizeBound + update.byteLength > this.limits.maxDocumentBytes) {
      // Only near the limit is the exact (costly) size worth computing.
      this.sizeBound = Y.encodeStateAsUpdate(this.doc).byteLength + this.pending.reduce((n, p) => n + p.update.byteLength, 0);
      if (this.sizeBound + update.byteLength > this.limits.maxDocumentBytes) {
        conn.close(CloseCodes.tooLarge, `document would exceed ${this.limits.maxDocumentBytes} bytes`);
        return;
      }
    }
    this.sizeBound += update.byteLength;
    this.pending.push({ from: conn, update });
    if (!this.drainQueued) {
      this.drainQueued = true;
      void this.enqueue(() => this.drain());
    }
  }

  /**
   * Stores every update received since the last drain as one log entry (group commit), then applies and
   * broadcasts them. Broadcast happens in the doc's update handler, i.e. only after the write is durable.
   */
  private async drain(): Promise<void> {
    this.drainQueued = false;
    const batch = this.pending.splice(0);
    if (batch.length === 0) return;
    try {
      await this.log.append(batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((p) => p.update)));
    } catch (err) {
      // Not stored, so not applied: the senders reconnect and their clients send the edits again.
      this.logger.error({ err, docName: this.docName }, 'storing a document update failed');
      for (const { from } of batch) from.close(CloseCodes.internalError, 'storage unavailable');
      return;
    }
    for (const { from, update } of batch) this.applyStored(update, from);
    if (this.log.pendingMerge >= this.limits.compactAfterUpdates) await this.compact();
  }

  /**
   * Makes a server-side change as one forward edit: `change` runs on a copy of the current state, and the
   * update it produces goes through the same store-apply-broadcast path as a client's.
   */
  edit(change: (doc: Y.Doc) => void, beforeCommit?: (previous: Uint8Array) => Promise<void>): Promise<void> {
    return this.enqueue(async () => {
      if (this.destroyed) throw new RoomClosedError(this.docName);
      const previous = Y.encodeStateAsUpdate(this.doc);
      const copy = new Y.Doc({ gc: true });
      try {
        Y.applyUpdate(copy, previous);
        const made: Uint8Array[] = [];
        copy.on('update', (u: Uint8Array) => made.push(u));
        change(copy);
        await beforeCommit?.(previous);
        if (made.length === 0) return;
        const update = made.length === 1 ? made[0]! : Y.mergeUpdates(made);
        await this.log.append(update);
        this.sizeBound += update.byteLength;
        this.applyStored(update, null);
        if (this.log.pendingMerge >= this.limits.compactAfterUpdates) await this.compact();
      } finally {
        copy.destroy();
      }
    });
  }

  /** The current state, read in queue order (after every update already received). */
  state(): Promise<Uint8Array> {
    return this.enqueue(async () => {
      if (this.destroyed) throw new RoomClosedError(this.docName);
      return Y.encodeStateAsUpdate(this.doc);
    });
  }

  /** A peer process stored and published this update: apply it and show it to our clients (not stored again). */
  private applyRelayed(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      Y.applyUpdate(this.doc, update, RELAYED);
      this.sizeBound += update.byteLength;
    } catch (err) {
      this.logger.warn({ err, docName: this.docName }, 'a relayed update could not be applied; ignoring it');
    }
  }

  private applyRelayedAwareness(update: Uint8Array): void {
    if (this.destroyed) return;
    try {
      applyAwarenessUpdate(this.awareness, update, RELAYED);
    } catch (err) {
      this.logger.warn({ err, docName: this.docName }, 'a relayed awareness update could not be applied; ignoring it');
    }
  }

  /** Relay messages may have been lost: apply everything stored (what we already have changes nothing). */
  private async resyncFromStore(): Promise<void> {
    try {
      const updates = await this.log.storedUpdates();
      for (const update of updates) this.applyRelayed(update);
    } catch (err) {
      this.logger.warn({ err, docName: this.docName }, 'catching up a document from the store failed');
    }
  }

  /** Waits for every queued write, merges the log, and releases the document. Connections must be gone. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Updates may still be arriving from connections closed a moment ago: drain until quiet.
    while (this.pending.length > 0 || this.drainQueued) await this.enqueue(() => this.drain());
    await this.queue;
    await this.compact();
    if (this.changeTimer) {
      clearTimeout(this.changeTimer);
      this.changeTimer = undefined;
      this.announceChange();
    }
    if (this.autoVersionTimer) {
      clearTimeout(this.autoVersionTimer);
      this.autoVersionTimer = undefined;
      // The activity since the last automatic version is kept, unless that one is too recent.
      if (Date.now() - this.lastAutoVersionAt >= this.limits.autoVersionEveryMs) await this.takeAutoVersion();
    }
    this.destroyed = true;
    await this.channel?.close();
    this.awareness.destroy();
    this.doc.destroy();
  }

  private applyStored(update: Uint8Array, origin: RoomConnection | null): void {
    try {
      Y.applyUpdate(this.doc, update, origin);
      // Stored already: now the peer processes may show it to their clients.
      this.channel?.publishUpdate(update);
    } catch (err) {
      // Validated before it was stored, so this should not happen; if it does, keep the log intact.
      this.log.markDamaged();
      this.logger.error({ err, docName: this.docName }, 'a stored update could not be applied');
    }
  }

  private onDocUpdate(update: Uint8Array, origin: unknown): void {
    if (!this.live) return;
    this.broadcast(updateFrame(update), origin);
    // A peer's change: indexing and automatic versions are the business of the process that stored it.
    if (origin === RELAYED) return;
    if (!this.changeTimer) {
      this.changeTimer = setTimeout(() => {
        this.changeTimer = undefined;
        this.announceChange();
      }, this.limits.changeDebounceMs);
      this.changeTimer.unref();
    }
    if (!this.autoVersionTimer) {
      this.autoVersionTimer = setTimeout(() => {
        this.autoVersionTimer = undefined;
        void this.enqueue(() => this.takeAutoVersion());
      }, this.limits.autoVersionEveryMs);
      this.autoVersionTimer.unref();
    }
  }

  /** Listeners read the document as it is now; their bookkeeping runs outside the queue. */
  private announceChange(): void {
    void this.events.publish({ type: 'document.changed', docName: this.docName, doc: this.doc }).then((failures) => {
      for (const err of failures) this.logger.error({ err, docName: this.docName }, 'document change bookkeeping failed');
    });
  }

  /** In the queue: the version is kept before any later update is applied, and before the room unloads. */
  private async takeAutoVersion(): Promise<void> {
    this.lastAutoVersionAt = Date.now();
    let failures: unknown[];
    try {
      failures = await this.events.publish({ type: 'document.autoVersionDue', docName: this.docName, state: Y.encodeStateAsUpdate(this.doc) });
    } catch (err) {
      failures = [err];
    }
    for (const err of failures) this.logger.error({ err, docName: this.docName }, 'automatic version failed');
  }

  private async compact(): Promise<void> {
    try {
      await this.log.compact(this.doc);
    } catch (err) {
      // The log is intact (compaction is atomic in the store); it is merged at the next chance.
      this.logger.error({ err, docName: this.docName }, 'document compaction failed');
    }
  }

  private broadcast(frame: Uint8Array, except: unknown): void {
    for (const conn of this.connections) if (conn !== except) conn.send(frame);
  }

  private claimClientId(conn: RoomConnection, clientId: number): boolean {
    const owner = this.clientOwners.get(clientId);
    if (owner) return owner === conn;
    let owned = this.ownedClients.get(conn);
    if (!owned) this.ownedClients.set(conn, (owned = new Set()));
    if (owned.size >= MAX_CLIENT_IDS_PER_CONNECTION) return false;
    owned.add(clientId);
    this.clientOwners.set(clientId, conn);
    return true;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }
}
