// One notebook editor for the bench, on a raw WebSocket (bench/lib/rawWebSocket.mjs), in either wire format:
// `y-websocket` (the hub and the stock server: each frame one message) or `hocuspocus` (each message
// prefixed with the document name, an Auth message first, a SyncStatus ack after each update).
//
// It syncs like a stock client (answers the server's step 1, applies the server's step 2), then types: each
// edit inserts 3 characters after its own last ones, in the first cell's Y.Text, in its own Y.Doc, and sends
// the update the Y.Doc emits. After the sync it no longer applies what it receives (50 full Y.Docs would
// saturate the client process before any server). An observer reads each update's metadata instead
// (Y.parseUpdateMeta: which clock ranges of which authors it carries), which identifies every edit in it,
// so each delivery is counted and timed against the send time of that edit (same process, same clock),
// however the server groups updates into frames. The other editors only peek at each frame's first bytes
// and count update frames. The servers get the same traffic either way.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { openRawWebSocket } from '../lib/rawWebSocket.mjs';

export const EDIT = 'ab ';

/** Per step, replaced by the bench: edits of others delivered to observers, their latencies (ms); update frames at the rest. */
export const stats = { current: newStats() };
export function newStats() {
  return { received: 0, latencies: [], unknown: 0, frames: 0 };
}

/** Send times of every edit: clientId -> [time of edit 0, edit 1, ...] (edit k starts at clock k * EDIT.length). */
export const sentAt = new Map();

const SYNC = 0;
const AWARENESS = 1;
const AUTH = 2;
const SYNC_REPLY = 4; // Hocuspocus: a sync message that asks for no further step 1
const STEP1 = 0;
const STEP2 = 1;
const UPDATE = 2;

/** Builds the notebook shape (one markdown cell) in `doc`, as the hub does when it creates a notebook. */
export function seedNotebook(doc) {
  doc.transact(() => {
    const cell = new Y.Map();
    cell.set('id', 'c1');
    cell.set('type', 'markdown');
    cell.set('source', new Y.Text(''));
    doc.getArray('cells').push([cell]);
  });
}

export async function connectEditor({ url, dialect, docName, token, seed = false, observer = false }) {
  const hp = dialect === 'hocuspocus';
  const ws = await openRawWebSocket(url);
  const doc = new Y.Doc();
  const frame = (write) => {
    const e = encoding.createEncoder();
    if (hp) encoding.writeVarString(e, docName);
    write(e);
    return encoding.toUint8Array(e);
  };
  const syncFrame = (step, payload) =>
    frame((e) => {
      encoding.writeVarUint(e, SYNC);
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, payload);
    });

  let resolveSynced;
  let rejectSynced;
  const synced = new Promise((resolve, reject) => {
    resolveSynced = resolve;
    rejectSynced = reject;
  });
  ws.onClose = (code) => rejectSynced(new Error(`closed before sync (${code})`));
  ws.onMessage = (buf) => {
    const d = decoding.createDecoder(buf);
    if (hp) decoding.readVarString(d);
    const type = decoding.readVarUint(d);
    if (type === AUTH) {
      if (decoding.readVarUint(d) === 1) rejectSynced(new Error(`permission denied: ${decoding.readVarString(d)}`));
      return;
    }
    if (type !== SYNC && type !== SYNC_REPLY) return;
    const step = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (step === STEP1) ws.send(syncFrame(STEP2, Y.encodeStateAsUpdate(doc, payload)));
    else {
      Y.applyUpdate(doc, payload, 'server');
      if (step === STEP2) resolveSynced();
    }
  };
  if (hp) {
    ws.send(
      frame((e) => {
        encoding.writeVarUint(e, AUTH);
        encoding.writeVarUint(e, 0); // token
        encoding.writeVarString(e, token);
      }),
    );
  }
  ws.send(syncFrame(STEP1, Y.encodeStateVector(doc)));
  doc.on('update', (update, origin) => {
    if (origin !== 'server') ws.send(syncFrame(UPDATE, update));
  });
  await synced;
  if (seed) seedNotebook(doc);
  else {
    const until = Date.now() + 10_000;
    while (doc.getArray('cells').length === 0) {
      if (Date.now() > until) throw new Error('the notebook never got its cell');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  ws.onClose = () => {};

  const me = doc.clientID;
  const times = [];
  sentAt.set(me, times);
  // From here on an observer reads every update's metadata (which edits of which authors it carries: a
  // server may merge several updates into one frame) and times each edit; the others only count frames.
  if (observer) {
    ws.onMessage = (buf) => {
      const now = performance.now();
      const d = decoding.createDecoder(buf);
      if (hp) decoding.readVarString(d);
      if (decoding.readVarUint(d) !== SYNC || decoding.readVarUint(d) !== UPDATE) return;
      const { from, to } = Y.parseUpdateMeta(decoding.readVarUint8Array(d));
      const s = stats.current;
      for (const [client, first] of from) {
        if (client === me) continue; // our own edit echoed back (the stock server and Hocuspocus echo)
        const sent = sentAt.get(client);
        const last = to.get(client);
        for (let clock = first; clock < last; clock += EDIT.length) {
          const t = sent?.[clock / EDIT.length];
          if (t === undefined) s.unknown++;
          else {
            s.received++;
            s.latencies.push(now - t);
          }
        }
      }
    };
  } else {
    ws.mode = 'peek';
    ws.onPeek = (head) => {
      // y-websocket: [sync][update]...; Hocuspocus: [document name][sync][update]...
      let i = 0;
      if (hp) i = 1 + head[0]; // a varString of fewer than 128 bytes: its length, then the name
      if (head[i] === SYNC && head[i + 1] === UPDATE) stats.current.frames++;
    };
  }
  const text = doc.getArray('cells').get(0).get('source');
  let edits = 0;
  return {
    clientId: me,
    /** Types one edit and sends it. */
    edit() {
      times[edits++] = performance.now();
      text.insert(text.length, EDIT);
    },
    get edits() {
      return edits;
    },
    close() {
      ws.close();
      doc.destroy();
    },
  };
}
