import type { EmbeddingRecord } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME } from './fixtures';

/** A deterministic vector with awkward float32 values: tiny, huge, negative, fractional. */
function vector(seed: number, dims = 384): Float32Array {
  const v = new Float32Array(dims);
  let x = seed * 2654435761 % 4294967296;
  for (let i = 0; i < dims; i += 1) {
    x = (x * 1664525 + 1013904223) % 4294967296;
    v[i] = (x / 4294967296 - 0.5) * 2;
  }
  v[0] = 1e-38; // subnormal-adjacent
  v[1] = -3.4e38;
  v[2] = 0.1; // not exactly representable: must come back as the same float32
  v[3] = 1 / 3;
  return v;
}

function expectSameVector(actual: Float32Array | undefined, expected: Float32Array): void {
  expect(actual).toBeInstanceOf(Float32Array);
  expect(actual!.length).toBe(expected.length);
  expect(Array.from(actual!)).toEqual(Array.from(expected));
}

type Input = Omit<EmbeddingRecord, 'updatedAt'>;

const rec = (over: Partial<Input> & Pick<Input, 'id'>): Input => ({
  type: 'thread',
  field: 'content',
  model: 'multilingual-e5-small',
  contentHash: `hash-${over.id}`,
  vector: vector(over.id.length + (over.field?.length ?? 0)),
  ...over,
});

describeEachStore('EmbeddingStore', (ctx) => {
  it('upserts a vector and finds it exactly', async () => {
    const input = rec({ id: 'thread-1', vector: vector(1) });
    await ctx.store.embeddings.upsert(input);
    const found = await ctx.store.embeddings.find('thread', 'thread-1', 'content');
    expect(found).not.toBeNull();
    const { vector: v, updatedAt, ...rest } = found!;
    expect(rest).toEqual({ type: 'thread', id: 'thread-1', field: 'content', model: 'multilingual-e5-small', contentHash: 'hash-thread-1' });
    expect(updatedAt).toMatch(ISO_TIME);
    expectSameVector(v, vector(1));
  });

  it('returns null for an unknown type, id or field', async () => {
    await ctx.store.embeddings.upsert(rec({ id: 'x' }));
    expect(await ctx.store.embeddings.find('thread', 'y', 'content')).toBeNull();
    expect(await ctx.store.embeddings.find('room', 'x', 'content')).toBeNull();
    expect(await ctx.store.embeddings.find('thread', 'x', 'about')).toBeNull();
  });

  it('replaces the record on a second upsert of the same (type, id, field)', async () => {
    await ctx.store.embeddings.upsert(rec({ id: 't', contentHash: 'old', vector: vector(10) }));
    await ctx.store.embeddings.upsert(rec({ id: 't', contentHash: 'new', model: 'model-v2', vector: vector(20, 8) }));
    const found = await ctx.store.embeddings.find('thread', 't', 'content');
    expect(found).toMatchObject({ contentHash: 'new', model: 'model-v2' });
    expectSameVector(found?.vector, vector(20, 8));
    expect(await ctx.store.embeddings.listByType('thread', 'multilingual-e5-small')).toEqual([]);
    expect(await ctx.store.embeddings.listByType('thread', 'model-v2')).toHaveLength(1);
  });

  it('keeps the fields of one item apart', async () => {
    const user = 'user-42';
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: user, field: 'offers', contentHash: 'h-offers', vector: vector(1) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: user, field: 'needs', contentHash: 'h-needs', vector: vector(2) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: user, field: 'about', contentHash: 'h-about', vector: vector(3) }));
    expectSameVector((await ctx.store.embeddings.find('profile', user, 'offers'))?.vector, vector(1));
    expectSameVector((await ctx.store.embeddings.find('profile', user, 'needs'))?.vector, vector(2));
    expect((await ctx.store.embeddings.find('profile', user, 'about'))?.contentHash).toBe('h-about');
  });

  it('listByType filters by type and model, ordered by (id, field)', async () => {
    const model = 'm1';
    // Inserted out of order on purpose.
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'u-b', field: 'offers', model, vector: vector(5) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'u-a', field: 'offers', model, vector: vector(6) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'u-b', field: 'about', model, vector: vector(7) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'u-a', field: 'needs', model, vector: vector(8) }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'u-c', field: 'about', model: 'm2', vector: vector(9) }));
    await ctx.store.embeddings.upsert(rec({ type: 'room', id: 'u-a', field: 'content', model, vector: vector(10) }));

    const listed = await ctx.store.embeddings.listByType('profile', model);
    expect(listed.map((r) => [r.id, r.field])).toEqual([
      ['u-a', 'needs'],
      ['u-a', 'offers'],
      ['u-b', 'about'],
      ['u-b', 'offers'],
    ]);
    for (const r of listed) {
      expect(r.type).toBe('profile');
      expect(r.model).toBe(model);
      expect(r.updatedAt).toMatch(ISO_TIME);
    }
    expectSameVector(listed[0]!.vector, vector(8));
    expectSameVector(listed[3]!.vector, vector(5));
    expect((await ctx.store.embeddings.listByType('profile', 'm2')).map((r) => r.id)).toEqual(['u-c']);
    expect((await ctx.store.embeddings.listByType('room', model)).map((r) => r.id)).toEqual(['u-a']);
    expect(await ctx.store.embeddings.listByType('notebook', model)).toEqual([]);
  });

  it('remove drops every field of the item and says how many', async () => {
    for (const field of ['offers', 'needs', 'about']) await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'gone', field }));
    await ctx.store.embeddings.upsert(rec({ type: 'profile', id: 'stays', field: 'offers' }));
    await ctx.store.embeddings.upsert(rec({ type: 'thread', id: 'gone', field: 'content' }));

    expect(await ctx.store.embeddings.remove('profile', 'gone')).toBe(3);
    expect(await ctx.store.embeddings.find('profile', 'gone', 'offers')).toBeNull();
    expect(await ctx.store.embeddings.find('profile', 'gone', 'about')).toBeNull();
    expect(await ctx.store.embeddings.find('profile', 'stays', 'offers')).not.toBeNull();
    expect(await ctx.store.embeddings.find('thread', 'gone', 'content')).not.toBeNull();
    expect(await ctx.store.embeddings.remove('profile', 'gone')).toBe(0);
    expect(await ctx.store.embeddings.remove('notebook', 'never')).toBe(0);
  });

  it('round-trips many vectors exactly and keeps them across a restart', async () => {
    const model = 'e5';
    const ids = Array.from({ length: 30 }, (_, i) => `n-${String(i).padStart(2, '0')}`);
    await Promise.all(ids.map((id, i) => ctx.store.embeddings.upsert(rec({ type: 'notebook', id, model, vector: vector(100 + i) }))));
    const store = await ctx.reopen();
    const listed = await store.embeddings.listByType('notebook', model);
    expect(listed.map((r) => r.id)).toEqual(ids);
    for (const [i, r] of listed.entries()) expectSameVector(r.vector, vector(100 + i));
  });
});
