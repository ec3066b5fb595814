import type { ChatMessage } from '@cohort/shared';
import { addPending, lastStoredId, markPending, mentionQueryAt, mergeMessages, splitMentions } from '../../client/src/features/chat/messageList';
import { parseMetricsCsv } from '../../client/src/features/notebooks/metricsCsv';
import { placeClusters } from '../../client/src/features/topics/topicLayout';

const alice = { id: 'u1', username: 'alice', displayName: 'Alice' };
const bob = { id: 'u2', username: 'bob', displayName: 'Bob' };

function msg(id: string, at: number, over: Partial<ChatMessage> = {}): ChatMessage {
  return {
    id, roomId: 'r1', author: alice, body: `m${id}`, createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, at)).toISOString(),
    clientId: `c${id}`, editedAt: null, deletedAt: null, mentions: [], reactions: {}, ...over,
  };
}

describe('chat message list', () => {
  test('merging keeps store order and one entry per id, whatever order pages and events arrive in', () => {
    let list = mergeMessages([], [msg('b', 2), msg('c', 3)]);
    list = mergeMessages(list, [msg('d', 4)]); // live
    list = mergeMessages(list, [msg('a', 1), msg('b', 2)]); // older page overlapping
    list = mergeMessages(list, [msg('c', 3), msg('d', 4), msg('e', 5)]); // resync overlapping live
    expect(list.map((m) => m.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(lastStoredId(list)).toBe('e');
  });

  test('ties on time are ordered by id', () => {
    const list = mergeMessages([], [msg('y', 1), msg('x', 1)]);
    expect(list.map((m) => m.id)).toEqual(['x', 'y']);
  });

  test('an own message shows at once and is replaced by the stored one (ack or broadcast, whichever first)', () => {
    let list = mergeMessages([], [msg('a', 1)]);
    list = addPending(list, { roomId: 'r1', clientId: 'k1', body: 'hi', author: alice });
    expect(list.map((m) => [m.body, m.pending])).toEqual([['ma', undefined], ['hi', 'sending']]);
    expect(lastStoredId(list)).toBe('a');
    list = mergeMessages(list, [msg('b', 2, { body: 'hi', clientId: 'k1' })]);
    expect(list.map((m) => m.id)).toEqual(['a', 'b']);
    list = mergeMessages(list, [msg('b', 2, { body: 'hi', clientId: 'k1' })]); // the ack after the broadcast
    expect(list).toHaveLength(2);
  });

  test('someone else using the same clientId does not confirm our pending message', () => {
    let list = addPending([], { roomId: 'r1', clientId: 'k1', body: 'mine', author: alice });
    list = mergeMessages(list, [msg('z', 9, { author: bob, clientId: 'k1' })]);
    expect(list.map((m) => m.pending ?? 'stored')).toEqual(['stored', 'sending']);
    list = markPending(list, 'k1', 'failed');
    expect(list[1]!.pending).toBe('failed');
  });

  test('a broadcast without myReactions keeps the ones we knew', () => {
    let list = mergeMessages([], [msg('a', 1, { reactions: { '🚀': 1 }, myReactions: ['🚀'] })]);
    list = mergeMessages(list, [msg('a', 1, { reactions: { '🚀': 2 } })]);
    expect(list[0]!.reactions).toEqual({ '🚀': 2 });
    expect(list[0]!.myReactions).toEqual(['🚀']);
  });

  test('the @mention being typed is found before the caret, not inside e-mail addresses', () => {
    expect(mentionQueryAt('hey @bo', 7)).toEqual({ query: 'bo', start: 4 });
    expect(mentionQueryAt('@', 1)).toEqual({ query: '', start: 0 });
    expect(mentionQueryAt('mail me@example', 15)).toBeNull();
    expect(mentionQueryAt('hey @bob done', 13)).toBeNull();
  });

  test('only real mentions are highlighted', () => {
    expect(splitMentions('hi @bob and @carol, mail a@bob.com', ['bob'])).toEqual([
      { text: 'hi ', mention: false },
      { text: '@bob', mention: true },
      { text: ' and @carol, mail a@bob.com', mention: false },
    ]);
  });
});

describe('metrics CSV', () => {
  test('first column is x, the others are series; bad cells are gaps and rows are sorted', () => {
    const data = parseMetricsCsv('epoch,loss,accuracy\n2,0.5,0.8\n1,0.9,\nnot-a-row\n3,x,0.9\n');
    expect(data).toEqual({
      xLabel: 'epoch',
      x: [1, 2, 3],
      series: [
        { name: 'loss', values: [0.9, 0.5, null] },
        { name: 'accuracy', values: [null, 0.8, 0.9] },
      ],
    });
  });

  test('a header alone, or a single column, draws nothing', () => {
    expect(parseMetricsCsv('epoch,loss\n')).toBeNull();
    expect(parseMetricsCsv('epoch\n1\n2')).toBeNull();
    expect(parseMetricsCsv('')).toBeNull();
  });
});

describe('topic map layout', () => {
  const item = (id: string) => ({ type: 'thread' as const, id, title: id });
  // The server places items in the response's `layout` array; the items themselves carry no coordinates.
  const at = (id: string, x: number, y: number) => ({ type: 'thread' as const, id, x, y });
  test("uses the server's coordinates, scaled into the box", () => {
    const { items, centers } = placeClusters(
      [{ id: 'c1', label: 'a', keywords: ['a'], size: 2, items: [item('1'), item('2')] }],
      [at('1', -1, -1), at('2', 1, 1)],
    );
    expect(items.map((p) => [p.x, p.y].map((v) => Math.round(v * 100) / 100))).toEqual([[0.06, 0.94], [0.94, 0.06]]);
    expect(centers[0]!.cx).toBeCloseTo(0.5);
  });

  test('without coordinates each cluster still gets its own region', () => {
    const { items } = placeClusters([
      { id: 'c1', label: 'a', keywords: [], size: 1, items: [item('1')] },
      { id: 'c2', label: 'b', keywords: [], size: 1, items: [item('2')] },
    ]);
    expect(Math.abs(items[0]!.x - items[1]!.x)).toBeGreaterThan(0.3);
  });
});

test("topic map: the response's layout array positions the items", () => {
  const { items } = placeClusters(
    [{ id: 'c1', label: 'a', keywords: ['a'], size: 2, items: [{ type: 'thread', id: '1', title: 'one' }, { type: 'room', id: '2', title: 'two' }] }],
    [{ type: 'thread', id: '1', x: -1, y: 1 }, { type: 'room', id: '2', x: 1, y: -1 }],
  );
  expect(items.map((p) => [p.x, p.y].map((v) => Math.round(v * 100) / 100))).toEqual([[0.06, 0.06], [0.94, 0.94]]);
});
