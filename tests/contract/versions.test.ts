import * as Y from 'yjs';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, ids, makeUser, sameBytes } from './fixtures';

function docState(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('body').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describeEachStore('VersionStore', (ctx) => {
  async function notebook() {
    const owner = await makeUser(ctx.store);
    const nb = await ctx.store.notebooks.create({ title: 'versions', ownerId: owner.id, visibility: 'private' });
    return { owner, nb };
  }

  it('creates a version and finds it with its state', async () => {
    const { owner, nb } = await notebook();
    const state = docState('第一版 draft');
    const version = await ctx.store.versions.create({ notebookId: nb.id, label: '初稿', authorId: owner.id, auto: false, state });
    expect(version).toMatchObject({ id: expect.any(String), notebookId: nb.id, label: '初稿', authorId: owner.id, auto: false });
    expect(version.createdAt).toMatch(ISO_TIME);

    const found = await ctx.store.versions.findById(version.id);
    expect(found).not.toBeNull();
    const { state: foundState, ...record } = found!;
    expect(record).toEqual({ id: version.id, notebookId: nb.id, label: '初稿', authorId: owner.id, auto: false, createdAt: version.createdAt });
    expect(foundState).toBeInstanceOf(Uint8Array);
    expect(sameBytes(foundState, state)).toBe(true);
    const restored = new Y.Doc();
    Y.applyUpdate(restored, foundState);
    expect(restored.getText('body').toString()).toBe('第一版 draft');
  });

  it('stores automatic versions without an author', async () => {
    const { nb } = await notebook();
    const version = await ctx.store.versions.create({ notebookId: nb.id, label: 'auto', authorId: null, auto: true, state: docState('x') });
    expect(version).toMatchObject({ authorId: null, auto: true });
    expect(await ctx.store.versions.findById(version.id)).toMatchObject({ authorId: null, auto: true });
    expect((await ctx.store.versions.list(nb.id))[0]).toMatchObject({ authorId: null, auto: true });
  });

  it('round-trips arbitrary bytes exactly', async () => {
    const { owner, nb } = await notebook();
    const state = new Uint8Array(4096);
    for (let i = 0; i < state.length; i += 1) state[i] = (i * 131 + 7) % 256;
    state[0] = 0;
    state[1] = 255;
    const version = await ctx.store.versions.create({ notebookId: nb.id, label: 'bytes', authorId: owner.id, auto: false, state });
    const found = await ctx.store.versions.findById(version.id);
    expect(found!.state.byteLength).toBe(4096);
    expect(sameBytes(found!.state, state)).toBe(true);
  });

  it('lists a notebook\'s versions newest first, and only that notebook\'s', async () => {
    const { owner, nb } = await notebook();
    const other = await ctx.store.notebooks.create({ title: 'other', ownerId: owner.id, visibility: 'private' });
    const made = [];
    for (let i = 0; i < 5; i += 1) {
      made.push(await ctx.store.versions.create({ notebookId: nb.id, label: `v${i}`, authorId: owner.id, auto: i % 2 === 1, state: docState(`v${i}`) }));
      await ctx.store.versions.create({ notebookId: other.id, label: `other ${i}`, authorId: null, auto: true, state: docState('o') });
    }
    const listed = await ctx.store.versions.list(nb.id);
    expect(ids(listed)).toEqual(ids(made).reverse());
    expect(listed.map((v) => v.label)).toEqual(['v4', 'v3', 'v2', 'v1', 'v0']);
    expect(listed.map((v) => v.auto)).toEqual([false, true, false, true, false]);
    for (const v of listed) {
      expect(v.notebookId).toBe(nb.id);
      expect(v.createdAt).toMatch(ISO_TIME);
    }
    expect(await ctx.store.versions.list('no-such-notebook')).toEqual([]);
  });

  it('orders versions taken within the same millisecond newest first', async () => {
    const { nb } = await notebook();
    const state = new Uint8Array([1, 2, 3]);
    const made = [];
    for (let i = 0; i < 8; i += 1) made.push(await ctx.store.versions.create({ notebookId: nb.id, label: `quick ${i}`, authorId: null, auto: true, state }));
    expect(ids(await ctx.store.versions.list(nb.id))).toEqual(ids(made).reverse());
  });

  it('returns null for an unknown version', async () => {
    expect(await ctx.store.versions.findById('no-such-version')).toBeNull();
  });

  it('keeps versions across a restart', async () => {
    const { owner, nb } = await notebook();
    const state = docState('保存的版本');
    const version = await ctx.store.versions.create({ notebookId: nb.id, label: 'keep', authorId: owner.id, auto: false, state });
    const store = await ctx.reopen();
    const found = await store.versions.findById(version.id);
    expect(sameBytes(found!.state, state)).toBe(true);
    expect(ids(await store.versions.list(nb.id))).toEqual([version.id]);
  });
});
