import * as Y from 'yjs';
import type { StoredDocument } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { sameBytes } from './fixtures';

/** A Yjs document that records every update it makes, as a client editing a notebook would. */
function editor(): { doc: Y.Doc; updates: Uint8Array[]; insert(index: number, text: string): Uint8Array } {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return {
    doc,
    updates,
    insert(index, text) {
      doc.getText('body').insert(index, text);
      return updates[updates.length - 1]!;
    },
  };
}

/** What a server would rebuild on load: the snapshot, then the tail in order. */
function rebuild(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const { update } of stored.updates) Y.applyUpdate(doc, update);
  return doc;
}

const textOf = (doc: Y.Doc): string => doc.getText('body').toString();

describeEachStore('DocumentStore', (ctx) => {
  it('loads an unknown document as empty', async () => {
    expect(await ctx.store.documents.load('notebook:none')).toEqual({ snapshot: null, snapshotSeq: 0, updates: [] });
    expect(await ctx.store.documents.stats('notebook:none')).toEqual({ bytes: 0, updates: 0 });
  });

  it('numbers appended updates 1, 2, 3 ... per document', async () => {
    const e = editor();
    const a = e.insert(0, 'a');
    const b = e.insert(1, 'b');
    const c = e.insert(2, 'c');
    expect(await ctx.store.documents.appendUpdate('doc-1', a)).toBe(1);
    expect(await ctx.store.documents.appendUpdate('doc-1', b)).toBe(2);
    expect(await ctx.store.documents.appendUpdate('doc-2', a)).toBe(1);
    expect(await ctx.store.documents.appendUpdate('doc-1', c)).toBe(3);
    expect(await ctx.store.documents.appendUpdate('doc-2', b)).toBe(2);
  });

  it('gives concurrent appends distinct consecutive seqs and keeps every update', async () => {
    const e = editor();
    const updates = Array.from({ length: 12 }, (_, i) => e.insert(i, String.fromCharCode(65 + i)));
    const seqs = await Promise.all(updates.map((u) => ctx.store.documents.appendUpdate('busy', u)));
    expect([...seqs].sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    const stored = await ctx.store.documents.load('busy');
    expect(stored.updates.map((u) => u.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // Each seq holds the update that was given that seq.
    for (const [i, seq] of seqs.entries()) expect(sameBytes(stored.updates[seq - 1]!.update, updates[i]!)).toBe(true);
    expect(textOf(rebuild(stored))).toBe('ABCDEFGHIJKL');
  });

  it('loads the log in seq order with the exact bytes, rebuilding the same text', async () => {
    const e = editor();
    e.insert(0, 'Hello');
    e.insert(5, ' 世界');
    e.insert(0, '👋 ');
    e.doc.getText('body').delete(2, 1);
    for (const u of e.updates) await ctx.store.documents.appendUpdate('notebook:abc', u);

    const stored = await ctx.store.documents.load('notebook:abc');
    expect(stored.snapshot).toBeNull();
    expect(stored.snapshotSeq).toBe(0);
    expect(stored.updates.map((u) => u.seq)).toEqual([1, 2, 3, 4]);
    for (const [i, u] of stored.updates.entries()) {
      expect(u.update).toBeInstanceOf(Uint8Array);
      expect(sameBytes(u.update, e.updates[i]!)).toBe(true);
    }
    expect(textOf(rebuild(stored))).toBe(textOf(e.doc));
    expect(textOf(e.doc)).toBe('👋Hello 世界');
  });

  it('keeps documents apart', async () => {
    const one = editor();
    const two = editor();
    await ctx.store.documents.appendUpdate('one', one.insert(0, 'first doc'));
    await ctx.store.documents.appendUpdate('two', two.insert(0, '第二个文档'));
    expect(textOf(rebuild(await ctx.store.documents.load('one')))).toBe('first doc');
    expect(textOf(rebuild(await ctx.store.documents.load('two')))).toBe('第二个文档');
  });

  it('compact stores the snapshot, drops merged updates and keeps later ones', async () => {
    const e = editor();
    for (const word of ['one ', 'two ', 'three ']) await ctx.store.documents.appendUpdate('d', e.insert(textOf(e.doc).length, word));
    // The server merges what it has loaded so far (seq 1..3)...
    const snapshot = Y.encodeStateAsUpdate(rebuild(await ctx.store.documents.load('d')));
    // ...while two more edits arrive before it compacts.
    await ctx.store.documents.appendUpdate('d', e.insert(textOf(e.doc).length, 'four '));
    await ctx.store.documents.appendUpdate('d', e.insert(textOf(e.doc).length, '五'));

    expect(await ctx.store.documents.compact('d', snapshot, 3)).toBe(true);
    const stored = await ctx.store.documents.load('d');
    expect(sameBytes(stored.snapshot, snapshot)).toBe(true);
    expect(stored.snapshotSeq).toBe(3);
    expect(stored.updates.map((u) => u.seq)).toEqual([4, 5]);
    expect(sameBytes(stored.updates[0]!.update, e.updates[3]!)).toBe(true);
    expect(sameBytes(stored.updates[1]!.update, e.updates[4]!)).toBe(true);
    expect(textOf(rebuild(stored))).toBe('one two three four 五');
  });

  it('keeps numbering after the snapshot once everything was compacted', async () => {
    const e = editor();
    await ctx.store.documents.appendUpdate('d', e.insert(0, 'ab'));
    await ctx.store.documents.appendUpdate('d', e.insert(2, 'cd'));
    expect(await ctx.store.documents.compact('d', Y.encodeStateAsUpdate(e.doc), 2)).toBe(true);
    expect((await ctx.store.documents.load('d')).updates).toEqual([]);

    expect(await ctx.store.documents.appendUpdate('d', e.insert(4, 'ef'))).toBe(3);
    const stored = await ctx.store.documents.load('d');
    expect(stored.snapshotSeq).toBe(2);
    expect(stored.updates.map((u) => u.seq)).toEqual([3]);
    expect(textOf(rebuild(stored))).toBe('abcdef');
  });

  it('ignores a snapshot for an older seq than the stored one', async () => {
    const e = editor();
    for (const ch of ['x', 'y', 'z', 'w']) await ctx.store.documents.appendUpdate('d', e.insert(textOf(e.doc).length, ch));
    const stale = Y.encodeStateAsUpdate(rebuild({ snapshot: null, snapshotSeq: 0, updates: (await ctx.store.documents.load('d')).updates.slice(0, 2) }));
    const fresh = Y.encodeStateAsUpdate(e.doc);

    expect(await ctx.store.documents.compact('d', fresh, 4)).toBe(true);
    await ctx.store.documents.appendUpdate('d', e.insert(4, 'v'));
    expect(await ctx.store.documents.compact('d', stale, 2)).toBe(false);
    const after = await ctx.store.documents.load('d');
    expect(after.snapshotSeq).toBe(4);
    expect(sameBytes(after.snapshot, fresh)).toBe(true);
    expect(after.updates.map((u) => u.seq)).toEqual([5]);
    expect(sameBytes(after.updates[0]!.update, e.updates[4]!)).toBe(true);
    expect(textOf(rebuild(after))).toBe('xyzwv');
  });

  it('compacts twice in a row, each time keeping the tail', async () => {
    const e = editor();
    const append = (text: string) => ctx.store.documents.appendUpdate('d', e.insert(textOf(e.doc).length, text));
    await append('1');
    await append('2');
    const snap2 = Y.encodeStateAsUpdate(rebuild(await ctx.store.documents.load('d')));
    await append('3');
    expect(await ctx.store.documents.compact('d', snap2, 2)).toBe(true);
    await append('4');
    const snap4 = Y.encodeStateAsUpdate(rebuild(await ctx.store.documents.load('d')));
    await append('5');
    expect(await ctx.store.documents.compact('d', snap4, 4)).toBe(true);
    const stored = await ctx.store.documents.load('d');
    expect(stored.snapshotSeq).toBe(4);
    expect(stored.updates.map((u) => u.seq)).toEqual([5]);
    expect(textOf(rebuild(stored))).toBe('12345');
  });

  it('stats counts the stored bytes and log entries', async () => {
    const e = editor();
    const updates = [e.insert(0, 'stats '), e.insert(6, '统计'), e.insert(8, ' ok')];
    for (const u of updates) await ctx.store.documents.appendUpdate('s', u);
    const logBytes = updates.reduce((n, u) => n + u.byteLength, 0);
    expect(await ctx.store.documents.stats('s')).toEqual({ bytes: logBytes, updates: 3 });

    const snapshot = Y.encodeStateAsUpdate(rebuild({ snapshot: null, snapshotSeq: 0, updates: (await ctx.store.documents.load('s')).updates.slice(0, 2) }));
    await ctx.store.documents.compact('s', snapshot, 2);
    expect(await ctx.store.documents.stats('s')).toEqual({ bytes: snapshot.byteLength + updates[2]!.byteLength, updates: 1 });
  });

  it('keeps the log and the snapshot across a restart', async () => {
    const e = editor();
    for (const word of ['重启', ' before', ' compact']) await ctx.store.documents.appendUpdate('r', e.insert(textOf(e.doc).length, word));
    const snapshot = Y.encodeStateAsUpdate(rebuild(await ctx.store.documents.load('r')));
    await ctx.store.documents.compact('r', snapshot, 3);
    await ctx.store.documents.appendUpdate('r', e.insert(textOf(e.doc).length, ' after'));
    const before = await ctx.store.documents.load('r');

    const store = await ctx.reopen();
    const after = await store.documents.load('r');
    expect(after.snapshotSeq).toBe(3);
    expect(sameBytes(after.snapshot, before.snapshot)).toBe(true);
    expect(after.updates.map((u) => u.seq)).toEqual([4]);
    expect(sameBytes(after.updates[0]!.update, before.updates[0]!.update)).toBe(true);
    expect(textOf(rebuild(after))).toBe('重启 before compact after');
    expect(await store.documents.appendUpdate('r', e.insert(0, '>'))).toBe(5);
  });

  it('keeps an uncompacted log across a restart', async () => {
    const e = editor();
    for (const ch of ['a', 'b', 'c']) await ctx.store.documents.appendUpdate('plain', e.insert(textOf(e.doc).length, ch));
    const store = await ctx.reopen();
    const stored = await store.documents.load('plain');
    expect(stored.updates.map((u) => u.seq)).toEqual([1, 2, 3]);
    expect(textOf(rebuild(stored))).toBe('abc');
  });
});
