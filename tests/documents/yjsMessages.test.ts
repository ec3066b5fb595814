import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import * as syncProtocol from 'y-protocols/sync';
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import {
  assertValidUpdate,
  awarenessFrame,
  decodeMessage,
  MalformedMessage,
  MESSAGE_AUTH,
  MESSAGE_AWARENESS,
  MESSAGE_QUERY_AWARENESS,
  MESSAGE_SYNC,
  syncStep1Frame,
  syncStep2Frame,
  updateFrame,
} from '../../server/src/realtime/yjs/yjsMessages';

/** A frame as the stock y-websocket client writes it. */
function clientFrame(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function docWith(text: string): Y.Doc {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return doc;
}

const textOf = (doc: Y.Doc): string => doc.getText('body').toString();

describe('yjsMessages: decoding what the stock client sends', () => {
  test('sync step 1 carries the client state vector', () => {
    const doc = docWith('hello');
    const message = decodeMessage(clientFrame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeSyncStep1(e, doc))));
    expect(message).toEqual({ kind: 'syncStep1', stateVector: Y.encodeStateVector(doc) });
  });

  test('sync step 2 and a plain update are both an update to apply', () => {
    const doc = docWith('hello');
    const step2 = decodeMessage(clientFrame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeSyncStep2(e, doc))));
    const plain = decodeMessage(clientFrame((e) => (encoding.writeVarUint(e, MESSAGE_SYNC), syncProtocol.writeUpdate(e, Y.encodeStateAsUpdate(doc)))));
    for (const message of [step2, plain]) {
      expect(message.kind).toBe('update');
      const copy = new Y.Doc();
      Y.applyUpdate(copy, (message as { update: Uint8Array }).update);
      expect(textOf(copy)).toBe('hello');
    }
  });

  test('an awareness update comes through as the bytes the client encoded', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { name: 'ann' }, cursor: 3 });
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();
    const message = decodeMessage(clientFrame((e) => (encoding.writeVarUint(e, MESSAGE_AWARENESS), encoding.writeVarUint8Array(e, update))));
    expect(message).toEqual({ kind: 'awareness', update });
  });

  test('a query for awareness has no payload', () => {
    expect(decodeMessage(clientFrame((e) => encoding.writeVarUint(e, MESSAGE_QUERY_AWARENESS)))).toEqual({ kind: 'queryAwareness' });
  });
});

describe('yjsMessages: malformed frames raise MalformedMessage', () => {
  const sync = (step: number, payload: Uint8Array) =>
    clientFrame((e) => {
      encoding.writeVarUint(e, MESSAGE_SYNC);
      encoding.writeVarUint(e, step);
      encoding.writeVarUint8Array(e, payload);
    });
  const validUpdate = Y.encodeStateAsUpdate(docWith('x'));

  test.each([
    ['an empty frame', new Uint8Array()],
    ['an unknown message type', clientFrame((e) => encoding.writeVarUint(e, 9))],
    // The auth message is server-to-client only: a client sending one is not speaking the protocol.
    ['an auth message', clientFrame((e) => (encoding.writeVarUint(e, MESSAGE_AUTH), encoding.writeVarUint(e, 0)))],
    ['an unknown sync step', sync(7, validUpdate)],
    ['a sync message without its step', clientFrame((e) => encoding.writeVarUint(e, MESSAGE_SYNC))],
    ['a payload shorter than its length says', sync(2, validUpdate).slice(0, 6)],
    ['trailing bytes after a sync message', Uint8Array.from([...sync(2, validUpdate), 0])],
    ['trailing bytes after a query', Uint8Array.from([MESSAGE_QUERY_AWARENESS, 1])],
    ['a state vector that does not parse', sync(0, Uint8Array.from([5, 1]))],
    ['an awareness message without its update', clientFrame((e) => encoding.writeVarUint(e, MESSAGE_AWARENESS))],
    ['a varuint that never ends', Uint8Array.from([0xff, 0xff, 0xff])],
  ])('%s', (_name, frame) => {
    expect(() => decodeMessage(frame)).toThrow(MalformedMessage);
  });

  test('an update is checked before it is stored: garbage is MalformedMessage, a real update passes', () => {
    expect(() => assertValidUpdate(validUpdate)).not.toThrow();
    expect(() => assertValidUpdate(Uint8Array.from([1, 2, 3]))).toThrow(MalformedMessage);
    expect(() => assertValidUpdate(validUpdate.slice(0, validUpdate.length - 3))).toThrow(MalformedMessage);
  });
});

describe('yjsMessages: what the server sends, read by the stock client', () => {
  /** Lets y-protocols read a server frame into `doc`, as the stock WebsocketProvider does. */
  function readAsClient(frame: Uint8Array, doc: Y.Doc): { type: number; reply: Uint8Array } {
    const decoder = decoding.createDecoder(frame);
    const type = decoding.readVarUint(decoder);
    const reply = encoding.createEncoder();
    if (type === MESSAGE_SYNC) syncProtocol.readSyncMessage(decoder, reply, doc, 'server');
    return { type, reply: encoding.toUint8Array(reply) };
  }

  test("step 1 asks for what the server lacks: the client's answer is a step 2 the server decodes", () => {
    const server = docWith('a');
    const client = docWith('b');
    const { type, reply } = readAsClient(syncStep1Frame(server), client);
    expect(type).toBe(MESSAGE_SYNC);
    // The stock client answers a step 1 with a step 2, prefixed only by the step (its provider adds the type).
    const answer = decodeMessage(Uint8Array.from([MESSAGE_SYNC, ...reply]));
    expect(answer.kind).toBe('update');
    Y.applyUpdate(server, (answer as { update: Uint8Array }).update);
    expect(textOf(server)).toContain('b');
  });

  test('step 2 and update frames bring the client what it lacks', () => {
    const server = docWith('hello');
    const client = new Y.Doc();
    readAsClient(syncStep2Frame(server, Y.encodeStateVector(client)), client);
    expect(textOf(client)).toBe('hello');
    const edits: Uint8Array[] = [];
    server.on('update', (u: Uint8Array) => edits.push(u));
    server.getText('body').insert(5, ' world');
    readAsClient(updateFrame(edits[0]!), client);
    expect(textOf(client)).toBe('hello world');
  });

  test('an awareness frame is the type and the update', () => {
    const update = Uint8Array.from([1, 2, 3]);
    const decoder = decoding.createDecoder(awarenessFrame(update));
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE_AWARENESS);
    expect(decoding.readVarUint8Array(decoder)).toEqual(update);
    expect(decoding.hasContent(decoder)).toBe(false);
  });
});
