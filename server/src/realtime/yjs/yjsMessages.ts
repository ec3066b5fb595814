import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { toError } from '../../toError';

/**
 * The y-websocket wire format (what the stock WebsocketProvider speaks): every binary frame is one message,
 * a varuint type followed by its payload. Decoding is strict, because frames come from the network:
 * anything unexpected is a `MalformedMessage`, which costs the sender its connection and nothing else.
 */
export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
export const MESSAGE_AUTH = 2;
export const MESSAGE_QUERY_AWARENESS = 3;

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

export type IncomingMessage =
  | { kind: 'syncStep1'; stateVector: Uint8Array }
  /** Step 2 (the answer to our step 1) and plain updates carry the same thing: an update to apply. */
  | { kind: 'update'; update: Uint8Array }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' };

export class MalformedMessage extends Error {
  override name = 'MalformedMessage';
}

/** Decodes one frame; throws MalformedMessage for anything that is not a well-formed client message. */
export function decodeMessage(frame: Uint8Array): IncomingMessage {
  try {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    let message: IncomingMessage;
    switch (type) {
      case MESSAGE_SYNC: {
        const step = decoding.readVarUint(decoder);
        const payload = decoding.readVarUint8Array(decoder);
        if (step === SYNC_STEP1) {
          // Parsing it here is the validation: a state vector we cannot read is refused before use.
          Y.decodeStateVector(payload);
          message = { kind: 'syncStep1', stateVector: payload };
        } else if (step === SYNC_STEP2 || step === SYNC_UPDATE) {
          message = { kind: 'update', update: payload };
        } else throw new MalformedMessage(`unknown sync step ${step}`);
        break;
      }
      case MESSAGE_AWARENESS:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
        break;
      case MESSAGE_QUERY_AWARENESS:
        message = { kind: 'queryAwareness' };
        break;
      default:
        throw new MalformedMessage(`unknown message type ${type}`);
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the message');
    return message;
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage(toError(err).message);
  }
}

/**
 * Throws MalformedMessage unless `update` parses as a Yjs update. Done before an update is stored, so the
 * log never holds bytes that would make the document unloadable.
 */
export function assertValidUpdate(update: Uint8Array): void {
  try {
    Y.decodeUpdate(update);
  } catch (err) {
    throw new MalformedMessage(`invalid update: ${toError(err).message}`);
  }
}

function frame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

/** Our state vector: asks the client for whatever it has that we lack. */
export const syncStep1Frame = (doc: Y.Doc): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP1);
    encoding.writeVarUint8Array(e, Y.encodeStateVector(doc));
  });

/** Everything the client lacks, given its state vector. */
export const syncStep2Frame = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_STEP2);
    encoding.writeVarUint8Array(e, Y.encodeStateAsUpdate(doc, stateVector));
  });

export const updateFrame = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_SYNC);
    encoding.writeVarUint(e, SYNC_UPDATE);
    encoding.writeVarUint8Array(e, update);
  });

export const awarenessFrame = (update: Uint8Array): Uint8Array =>
  frame((e) => {
    encoding.writeVarUint(e, MESSAGE_AWARENESS);
    encoding.writeVarUint8Array(e, update);
  });
