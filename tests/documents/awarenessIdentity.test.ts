import * as Y from 'yjs';
import * as encoding from 'lib0/encoding';
import { applyAwarenessUpdate, Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness';
import { MAX_AWARENESS_STATE_BYTES, rewriteAwarenessUpdate, type VerifiedUser } from '../../server/src/realtime/yjs/awarenessIdentity';
import { MalformedMessage } from '../../server/src/realtime/yjs/yjsMessages';

const ANN: VerifiedUser = { id: 'ann-id', name: 'Ann' };
const anyClientId = () => true;

/** An awareness update with these entries, as any client could write it (states given as JSON text). */
function rawUpdate(entries: Array<{ clientId: number; clock?: number; json: string }>): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const { clientId, clock = 1, json } of entries) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarUint(encoder, clock);
    encoding.writeVarString(encoder, json);
  }
  return encoding.toUint8Array(encoder);
}

/** The states an update sets, read by a real Awareness as a peer would. */
function statesOf(update: Uint8Array | null): Map<number, Record<string, unknown>> {
  const doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  if (update) applyAwarenessUpdate(awareness, update, 'test');
  const states = new Map(awareness.getStates() as Map<number, Record<string, unknown>>);
  awareness.destroy();
  doc.destroy();
  return states;
}

describe('awarenessIdentity: every published state carries the verified user', () => {
  test("a client claiming another user's id and name is shown as itself; its colour, cursor and selection pass", () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalState({ user: { id: 'bob-id', name: 'Bob (admin)', color: '#30bced' }, cursor: { anchor: 3, head: 5 } });
    const update = encodeAwarenessUpdate(awareness, [doc.clientID]);
    awareness.destroy();

    const states = statesOf(rewriteAwarenessUpdate(update, ANN, anyClientId));
    expect(states.get(doc.clientID)).toEqual({ user: { id: 'ann-id', name: 'Ann', color: '#30bced' }, cursor: { anchor: 3, head: 5 } });
  });

  test('a state without a user gets one; a colour that is not a hex colour is dropped', () => {
    const states = statesOf(
      rewriteAwarenessUpdate(
        rawUpdate([
          { clientId: 1, json: '{"cursor":1}' },
          { clientId: 2, json: '{"user":{"color":"red; background:url(x)"}}' },
          { clientId: 3, json: '{"user":"bob"}' },
        ]),
        ANN,
        anyClientId,
      ),
    );
    expect(states.get(1)).toEqual({ cursor: 1, user: { id: 'ann-id', name: 'Ann' } });
    expect(states.get(2)).toEqual({ user: { id: 'ann-id', name: 'Ann' } });
    expect(states.get(3)).toEqual({ user: { id: 'ann-id', name: 'Ann' } });
  });

  test('only client ids the connection may speak for are kept; nothing left is null', () => {
    const claimed: number[] = [];
    const mine = (clientId: number) => (claimed.push(clientId), clientId === 7);
    const kept = statesOf(rewriteAwarenessUpdate(rawUpdate([{ clientId: 7, json: '{}' }, { clientId: 8, json: '{}' }]), ANN, mine));
    expect([...kept.keys()]).toEqual([7]);
    expect(claimed).toEqual([7, 8]);
    expect(rewriteAwarenessUpdate(rawUpdate([{ clientId: 8, json: '{}' }]), ANN, mine)).toBeNull();
  });

  test('a removal (null state) passes as a removal', () => {
    const rewritten = rewriteAwarenessUpdate(rawUpdate([{ clientId: 4, clock: 2, json: 'null' }]), ANN, anyClientId);
    expect(rewritten).toEqual(rawUpdate([{ clientId: 4, clock: 2, json: 'null' }]));
  });

  test('states that are not objects, and oversized ones, are dropped', () => {
    const big = JSON.stringify({ cursor: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) });
    const update = rawUpdate([
      { clientId: 1, json: '[1,2]' },
      { clientId: 2, json: '"text"' },
      { clientId: 3, json: '42' },
      { clientId: 4, json: big },
    ]);
    expect(rewriteAwarenessUpdate(update, ANN, anyClientId)).toBeNull();
  });

  test('an oversized state is dropped before its client id is claimed', () => {
    const claimed: number[] = [];
    const big = JSON.stringify({ cursor: 'x'.repeat(MAX_AWARENESS_STATE_BYTES) });
    rewriteAwarenessUpdate(rawUpdate([{ clientId: 5, json: big }]), ANN, (id) => (claimed.push(id), true));
    expect(claimed).toEqual([]);
  });

  test.each([
    ['bytes that are not an update', Uint8Array.from([0xff, 0xff])],
    ['fewer entries than announced', rawUpdate([{ clientId: 1, json: '{}' }]).slice(0, 4)],
    ['trailing bytes', Uint8Array.from([...rawUpdate([{ clientId: 1, json: '{}' }]), 9])],
    ['a state that is not JSON', rawUpdate([{ clientId: 1, json: '{user:' }])],
  ])('%s: MalformedMessage', (_name, update) => {
    expect(() => rewriteAwarenessUpdate(update, ANN, anyClientId)).toThrow(MalformedMessage);
  });
});
