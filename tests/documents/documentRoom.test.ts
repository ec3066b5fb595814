import fs from 'node:fs';
import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate } from 'y-protocols/awareness';
import { initNotebookDoc, metaOf, readNotebook, type NotebookRoleName } from '@cohort/shared';
import { DocumentEvents, type DocumentEvent } from '../../server/src/documents/documentEvents';
import type { DocumentRoomLimits } from '../../server/src/documents/documentLimits';
import { DocumentLog } from '../../server/src/documents/documentLog';
import { DocumentRoom, RoomClosedError } from '../../server/src/documents/documentRoom';
import type { ExclusiveLock } from '../../server/src/domain/exclusiveLock';
import type { VerifiedUser } from '../../server/src/realtime/yjs/awarenessIdentity';
import { CloseCodes, type RoomConnection } from '../../server/src/realtime/yjs/roomConnection';
import { awarenessFrame, decodeMessage, syncStep1Frame, updateFrame, type IncomingMessage } from '../../server/src/realtime/yjs/yjsMessages';
import type { Store } from '../../server/src/store/ports';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { recordingLogger, type LogRecord } from '../helpers/recordingLogger';
import { tempDir } from '../helpers/tempDir';

const DOC = 'notebook:01JROOMTEST';

/** Generous limits with timers far away, so a test meets only the limits it sets itself. */
const LIMITS: DocumentRoomLimits = {
  maxUpdateBytes: 64 * 1024,
  maxDocumentBytes: 1024 * 1024,
  maxClients: 3,
  compactAfterUpdates: 1000,
  autoVersionEveryMs: 3_600_000,
  changeDebounceMs: 3_600_000,
};

let nextConnectionId = 1;

/** A client's socket as the room sees it, keeping what the room sends it and how the room closed it. */
class TestConnection implements RoomConnection {
  readonly id = nextConnectionId++;
  readonly frames: Uint8Array[] = [];
  closed: { code: number; reason: string } | null = null;
  /** Called with each frame as it is sent (to look at the store at that moment). */
  onSend: ((frame: Uint8Array) => void) | undefined;

  constructor(
    readonly user: VerifiedUser,
    public role: NotebookRoleName,
  ) {}

  send(frame: Uint8Array): void {
    this.frames.push(frame);
    this.onSend?.(frame);
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }

  messages(): IncomingMessage[] {
    return this.frames.map((f) => decodeMessage(f));
  }

  updates(): Uint8Array[] {
    return this.messages().flatMap((m) => (m.kind === 'update' ? [m.update] : []));
  }
}

/** A client's copy of the document: a real Y.Doc; `edit` returns the update frame its change makes. */
function clientDoc(): { doc: Y.Doc; edit(change: (doc: Y.Doc) => void): Uint8Array } {
  const doc = new Y.Doc();
  return {
    doc,
    edit(change) {
      const made: Uint8Array[] = [];
      const record = (u: Uint8Array) => made.push(u);
      doc.on('update', record);
      change(doc);
      doc.off('update', record);
      return updateFrame(Y.mergeUpdates(made));
    },
  };
}

/** An awareness update for `clientId` with `state`, as any client could write it. */
function awarenessUpdate(clientId: number, clock: number, state: unknown): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, 1);
  encoding.writeVarUint(e, clientId);
  encoding.writeVarUint(e, clock);
  encoding.writeVarString(e, JSON.stringify(state));
  return encoding.toUint8Array(e);
}

const metaJson = (doc: Y.Doc) => metaOf(doc).toJSON();

function rebuilt(stored: { snapshot: Uint8Array | null; updates: Array<{ update: Uint8Array }> }): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const { update } of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

/** Resolves with the next event of `type` (the listener then hands `work` back to the room, if given). */
function nextEvent<T extends DocumentEvent['type']>(events: DocumentEvents, type: T, work?: () => Promise<unknown>): Promise<Extract<DocumentEvent, { type: T }>> {
  return new Promise((resolve) => {
    const off = events.on((event) => {
      if (event.type !== type) return;
      off();
      if (work) event.waitUntil(work());
      resolve(event as Extract<DocumentEvent, { type: T }>);
    });
  });
}

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * DocumentRoom on its own: real Y.Docs for the clients, a real SQLite DocumentStore in a temp dir, the room's
 * own event bus, and connections that record what the room sends them.
 */
describe('DocumentRoom', () => {
  let dataDir: string;
  let store: Store;
  let records: LogRecord[];
  let logger: ReturnType<typeof recordingLogger>['logger'];
  let rooms: DocumentRoom[];
  const ann = { id: 'ann-id', name: 'Ann' };
  const vic = { id: 'vic-id', name: 'Vic' };

  beforeEach(() => {
    dataDir = tempDir();
    store = openSqliteStore({ dataDir });
    ({ logger, records } = recordingLogger('debug'));
    rooms = [];
  });

  afterEach(async () => {
    await Promise.all(rooms.map((r) => r.close()));
    await store.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function open(limits: Partial<DocumentRoomLimits> = {}, options: { events?: DocumentEvents; compaction?: ExclusiveLock } = {}): Promise<DocumentRoom> {
    const log = new DocumentLog(store.documents, DOC, logger, options.compaction);
    const room = await DocumentRoom.load(DOC, log, { ...LIMITS, ...limits }, options.events ?? new DocumentEvents(), logger);
    rooms.push(room);
    return room;
  }

  /** A connection of `user` with `role`, joined to `room`. */
  function joined(room: DocumentRoom, user: VerifiedUser, role: NotebookRoleName): TestConnection {
    const conn = new TestConnection(user, role);
    expect(room.join(conn)).toBe(true);
    return conn;
  }

  /** How many updates the document's log holds now. */
  const storedCount = async () => (await store.documents.stats(DOC)).updates;

  /** The room's queue has run everything received so far once this resolves. */
  const settled = (room: DocumentRoom) => room.state();

  describe('joining and leaving', () => {
    test('a joining connection gets our state vector and the awareness of those present; a full room says no', async () => {
      const room = await open({ maxClients: 2 });
      await room.edit((doc) => initNotebookDoc(doc, 'Lab notes'));
      const a = new TestConnection(ann, 'editor');
      expect(room.join(a)).toBe(true);
      expect(a.messages()).toEqual([{ kind: 'syncStep1', stateVector: Y.encodeStateVector(room.doc) }]);
      room.receive(a, awarenessFrame(awarenessUpdate(11, 1, { cursor: 2 })));

      const b = new TestConnection(vic, 'viewer');
      expect(room.join(b)).toBe(true);
      const [step1, awareness] = b.messages();
      expect(step1!.kind).toBe('syncStep1');
      expect(awareness!.kind).toBe('awareness');
      const seen = new Awareness(new Y.Doc());
      applyAwarenessUpdate(seen, (awareness as { update: Uint8Array }).update, 'test');
      expect(seen.getStates().get(11)).toEqual({ cursor: 2, user: { id: 'ann-id', name: 'Ann' } });
      seen.destroy();

      expect(room.join(new TestConnection(vic, 'viewer'))).toBe(false);
      expect(room.clientCount).toBe(2);
    });

    test('a sync step 1 is answered with everything the client lacks', async () => {
      const room = await open();
      await room.edit((doc) => initNotebookDoc(doc, 'Lab notes'));
      const a = joined(room, ann, 'viewer');
      const client = new Y.Doc();
      room.receive(a, syncStep1Frame(client));
      for (const update of a.updates()) Y.applyUpdate(client, update);
      expect(readNotebook(client).title).toBe('Lab notes');
    });

    test('leaving drops the connection and its awareness; the others see it go; its later frames are ignored', async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      const b = joined(room, vic, 'editor');
      room.receive(a, awarenessFrame(awarenessUpdate(21, 1, { cursor: 1 })));
      expect(room.awareness.getStates().has(21)).toBe(true);

      const before = b.frames.length;
      room.leave(a);
      expect(room.has(a)).toBe(false);
      expect(room.awareness.getStates().has(21)).toBe(false);
      const removal = b.messages().slice(before);
      expect(removal.map((m) => m.kind)).toEqual(['awareness']);

      const sent = a.frames.length;
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('late', true)));
      await settled(room);
      expect(a.frames.length).toBe(sent);
      expect(metaJson(room.doc)).toEqual({});
      expect(await storedCount()).toBe(0);
    });
  });

  describe('frames from editors and viewers', () => {
    test("an editor's update is stored before anyone is sent it, applied, and sent to the others but not back", async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      const b = joined(room, vic, 'viewer');
      const storedWhenSent: Array<Promise<{ updates: number }>> = [];
      b.onSend = () => storedWhenSent.push(store.documents.stats(DOC));
      const framesToA = a.frames.length;

      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('step', 1)));
      await settled(room);

      expect(metaJson(room.doc)).toEqual({ step: 1 });
      expect(metaJson(rebuilt(await store.documents.load(DOC)))).toEqual({ step: 1 });
      expect(b.updates()).toHaveLength(1);
      // The store already held the update at the moment it went out.
      expect((await Promise.all(storedWhenSent)).map((s) => s.updates)).toEqual([1]);
      expect(a.frames.length).toBe(framesToA);
      expect(a.closed).toBeNull();
    });

    test("a viewer's update is neither stored, applied nor sent on, and the viewer stays; a promotion counts at once", async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      const v = joined(room, vic, 'viewer');
      const framesToA = a.frames.length;

      room.receive(v, clientDoc().edit((doc) => metaOf(doc).set('by', 'viewer')));
      await settled(room);
      expect(metaJson(room.doc)).toEqual({});
      expect(await storedCount()).toBe(0);
      expect(a.frames.length).toBe(framesToA);
      expect(v.closed).toBeNull();

      v.role = 'editor';
      // A fresh copy: the dropped edit is missing from the room, so later edits of the same copy would wait for it.
      room.receive(v, clientDoc().edit((doc) => metaOf(doc).set('by', 'editor')));
      await settled(room);
      expect(metaJson(room.doc)).toEqual({ by: 'editor' });
      expect(a.updates()).toHaveLength(1);
    });

    test('a malformed frame closes that one connection (4400) and stores nothing; the room serves on', async () => {
      const room = await open();
      const bad = joined(room, ann, 'editor');
      const good = joined(room, vic, 'editor');

      room.receive(bad, Uint8Array.from([9, 9]));
      expect(bad.closed?.code).toBe(CloseCodes.malformed);

      const notAnUpdate = joined(room, ann, 'editor');
      room.receive(notAnUpdate, updateFrame(Uint8Array.from([1, 2, 3])));
      expect(notAnUpdate.closed?.code).toBe(CloseCodes.malformed);
      await settled(room);
      expect(await storedCount()).toBe(0);

      room.receive(good, clientDoc().edit((doc) => metaOf(doc).set('still', 'here')));
      await settled(room);
      expect(metaJson(room.doc)).toEqual({ still: 'here' });
      expect(good.closed).toBeNull();
    });

    test('an update over the size limit closes its sender with 4413', async () => {
      const room = await open({ maxUpdateBytes: 256 });
      const a = joined(room, ann, 'editor');
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('big', 'x'.repeat(1000))));
      expect(a.closed?.code).toBe(CloseCodes.tooLarge);
      await settled(room);
      expect(await storedCount()).toBe(0);
    });
  });

  describe('awareness', () => {
    test("a connection speaks for its own client ids only, always as its verified user", async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      const b = joined(room, vic, 'editor');

      room.receive(a, awarenessFrame(awarenessUpdate(31, 1, { user: { id: 'vic-id', name: 'Vic' } })));
      expect(room.awareness.getStates().get(31)).toEqual({ user: { id: 'ann-id', name: 'Ann' } });
      // Another connection cannot take over a client id that is taken, not even with a newer clock.
      room.receive(b, awarenessFrame(awarenessUpdate(31, 5, { cursor: 'mine now' })));
      expect(room.awareness.getStates().get(31)).toEqual({ user: { id: 'ann-id', name: 'Ann' } });

      // A tab has one client id; a connection gets at most four.
      for (const id of [41, 42, 43, 44, 45]) room.receive(b, awarenessFrame(awarenessUpdate(id, 1, {})));
      expect([41, 42, 43, 44, 45].filter((id) => room.awareness.getStates().has(id))).toEqual([41, 42, 43, 44]);
      expect(b.closed).toBeNull();
    });
  });

  describe('persistence through a real SQLite store', () => {
    test('what was stored comes back after a restart', async () => {
      const room = await open();
      await room.edit((doc) => initNotebookDoc(doc, 'Before the restart'));
      const a = joined(room, ann, 'editor');
      const client = clientDoc();
      Y.applyUpdate(client.doc, await room.state());
      room.receive(a, client.edit((doc) => metaOf(doc).set('note', 'typed by a client')));
      await settled(room);
      const before = readNotebook(room.doc);
      room.leave(a);
      await room.close();
      await store.close();

      store = openSqliteStore({ dataDir });
      const again = await open();
      expect(readNotebook(again.doc)).toEqual(before);
      expect(metaOf(again.doc).get('note')).toBe('typed by a client');
    });

    test('compaction merges the log into a snapshot; updates stored after it stay in the log', async () => {
      const room = await open({ compactAfterUpdates: 2 });
      const a = joined(room, ann, 'editor');
      const client = clientDoc();
      room.receive(a, client.edit((doc) => metaOf(doc).set('one', 1)));
      await settled(room);
      room.receive(a, client.edit((doc) => metaOf(doc).set('two', 2)));
      await settled(room);
      let stored = await store.documents.load(DOC);
      expect(stored.snapshot).not.toBeNull();
      expect(stored.updates).toHaveLength(0);

      room.receive(a, client.edit((doc) => metaOf(doc).set('three', 3)));
      await settled(room);
      stored = await store.documents.load(DOC);
      expect(stored.updates).toHaveLength(1);
      expect(metaJson(rebuilt(stored))).toEqual({ one: 1, two: 2, three: 3 });
    });

    test('a stored update that cannot be applied is logged and never compacted away', async () => {
      const good = clientDoc().edit((doc) => metaOf(doc).set('kept', true));
      await store.documents.appendUpdate(DOC, (decodeMessage(good) as { update: Uint8Array }).update);
      const unreadable = Uint8Array.from([7, 7, 7]);
      const badSeq = await store.documents.appendUpdate(DOC, unreadable);

      const room = await open({ compactAfterUpdates: 1 });
      expect(records.some((r) => r.level === 'error' && r.seq === badSeq)).toBe(true);
      expect(metaOf(room.doc).get('kept')).toBe(true);
      const a = joined(room, ann, 'editor');
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('more', 1)));
      await settled(room);
      await room.close();

      const stored = await store.documents.load(DOC);
      expect(stored.snapshot).toBeNull();
      expect(stored.updates.find((u) => u.seq === badSeq)?.update).toEqual(unreadable);
      expect(stored.updates).toHaveLength(3);
    });

    test('with several processes, compaction merges what the peers stored as well as what this room holds', async () => {
      let held = 0;
      const lock: ExclusiveLock = {
        async runExclusive(_name, task) {
          held++;
          await task();
          return true;
        },
      };
      const room = await open({ compactAfterUpdates: 2 }, { compaction: lock });
      // A peer process stores an update this room never sees (its relay message was lost).
      const peer = clientDoc().edit((doc) => metaOf(doc).set('peer', 'p'));
      await store.documents.appendUpdate(DOC, (decodeMessage(peer) as { update: Uint8Array }).update);

      const a = joined(room, ann, 'editor');
      const client = clientDoc();
      room.receive(a, client.edit((doc) => metaOf(doc).set('one', 1)));
      await settled(room);
      room.receive(a, client.edit((doc) => metaOf(doc).set('two', 2)));
      await settled(room);

      expect(held).toBe(1);
      const stored = await store.documents.load(DOC);
      expect(stored.updates).toHaveLength(0);
      expect(metaJson(rebuilt(stored))).toEqual({ peer: 'p', one: 1, two: 2 });
    });
  });

  describe('server-side edits', () => {
    test('an edit is one forward update, stored and sent to every connection, after beforeCommit saw the state before it', async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      const b = joined(room, vic, 'viewer');
      let previous: Uint8Array | undefined;
      await room.edit(
        (doc) => metaOf(doc).set('title', 'From REST'),
        async (state) => {
          previous = state;
        },
      );
      expect(a.updates()).toHaveLength(1);
      expect(b.updates()).toHaveLength(1);
      expect(await storedCount()).toBe(1);
      const earlier = new Y.Doc();
      Y.applyUpdate(earlier, previous!);
      expect(metaJson(earlier)).toEqual({});
    });

    test('when beforeCommit fails the edit is not made', async () => {
      const room = await open();
      const a = joined(room, ann, 'editor');
      await expect(
        room.edit(
          (doc) => metaOf(doc).set('title', 'never'),
          async () => {
            throw new Error('version store down');
          },
        ),
      ).rejects.toThrow('version store down');
      expect(a.updates()).toHaveLength(0);
      expect(metaJson(room.doc)).toEqual({});
      expect(await storedCount()).toBe(0);
    });

    test('a closed room refuses reads, edits and joins', async () => {
      const room = await open();
      await room.close();
      await expect(room.state()).rejects.toBeInstanceOf(RoomClosedError);
      await expect(room.edit((doc) => metaOf(doc).set('x', 1))).rejects.toBeInstanceOf(RoomClosedError);
      expect(() => room.join(new TestConnection(ann, 'editor'))).toThrow();
    });
  });

  describe('document events', () => {
    test('a burst of edits is announced once, after the debounce, with the live document', async () => {
      const events = new DocumentEvents();
      const changes: DocumentEvent[] = [];
      events.on((e) => e.type === 'document.changed' && changes.push(e));
      const room = await open({ changeDebounceMs: 20 }, { events });
      const a = joined(room, ann, 'editor');
      const changed = nextEvent(events, 'document.changed');
      const client = clientDoc();
      room.receive(a, client.edit((doc) => metaOf(doc).set('one', 1)));
      room.receive(a, client.edit((doc) => metaOf(doc).set('two', 2)));
      const event = await changed;
      expect(event.docName).toBe(DOC);
      expect(metaJson(event.doc)).toEqual({ one: 1, two: 2 });
      // Unloading announces a change still pending: there is none, the burst was announced once.
      room.leave(a);
      await room.close();
      expect(changes).toHaveLength(1);
    });

    test('an automatic version is due after activity; the room waits for the work it is handed', async () => {
      const events = new DocumentEvents();
      const room = await open({ autoVersionEveryMs: 20 }, { events });
      const a = joined(room, ann, 'editor');
      const keeping = deferred();
      const due = nextEvent(events, 'document.autoVersionDue', () => keeping.promise);
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('v', 1)));
      const event = await due;
      const versioned = new Y.Doc();
      Y.applyUpdate(versioned, event.state);
      expect(metaJson(versioned)).toEqual({ v: 1 });

      // The version is taken in the room's queue: nothing queued after it runs until its work is done.
      let read = false;
      const reading = room.state().then(() => (read = true));
      await new Promise((resolve) => setImmediate(resolve));
      expect(read).toBe(false);
      keeping.resolve();
      await reading;
      expect(read).toBe(true);
    });

    test("a listener's failure is logged, never thrown", async () => {
      const events = new DocumentEvents();
      const room = await open({ autoVersionEveryMs: 20 }, { events });
      const a = joined(room, ann, 'editor');
      const due = nextEvent(events, 'document.autoVersionDue', async () => {
        throw new Error('no space left');
      });
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('v', 1)));
      await due;
      await settled(room);
      expect(records.filter((r) => r.level === 'error').map((r) => [r.msg, (r.err as { message?: string } | undefined)?.message])).toEqual([
        ['automatic version failed', 'no space left'],
      ]);
    });

    test('unloading announces the pending change and takes the last automatic version before it resolves', async () => {
      const events = new DocumentEvents();
      const seen: string[] = [];
      const keeping = deferred();
      const versionDue = deferred();
      events.on((e) => {
        seen.push(e.type);
        if (e.type !== 'document.autoVersionDue') return;
        e.waitUntil(keeping.promise.then(() => seen.push('version kept')));
        versionDue.resolve();
      });
      const room = await open({}, { events });
      const a = joined(room, ann, 'editor');
      room.receive(a, clientDoc().edit((doc) => metaOf(doc).set('last', 'edit')));
      await settled(room);
      expect(seen).toEqual([]);

      room.leave(a);
      const closing = room.close().then(() => seen.push('closed'));
      await versionDue.promise;
      expect(seen).not.toContain('closed');
      keeping.resolve();
      await closing;
      expect(seen).toEqual(['document.changed', 'document.autoVersionDue', 'version kept', 'closed']);
    });
  });
});

