import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { cellsOf, CELL_SOURCE } from '@cohort/shared';

/**
 * Raw y-websocket frames, for clients that cannot load Yjs (a bare page in a browser): bytes made here in
 * Node are handed to the page, which sends them over its own WebSocket.
 */
const MESSAGE_SYNC = 0;

/** Sync step 1 with an empty state vector: "send me everything". */
export function syncStep1Frame(): number[] {
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeSyncStep1(enc, new Y.Doc());
  return Array.from(encoding.toUint8Array(enc));
}

/** An update frame that inserts `text` at the start of the first cell of the notebook whose state is `state`. */
export function insertAtStartFrame(state: Uint8Array, text: string): number[] {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  let update: Uint8Array | undefined;
  doc.on('update', (u: Uint8Array) => (update = u));
  (cellsOf(doc).get(0).get(CELL_SOURCE) as Y.Text).insert(0, text);
  doc.destroy();
  if (!update) throw new Error('the edit made no update');
  const enc = encoding.createEncoder();
  encoding.writeVarUint(enc, MESSAGE_SYNC);
  syncProtocol.writeUpdate(enc, update);
  return Array.from(encoding.toUint8Array(enc));
}
