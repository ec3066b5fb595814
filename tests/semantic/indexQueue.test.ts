import fs from 'node:fs';
import { ContentEvents } from '../../server/src/domain/contentEvents';
import { createLogger } from '../../server/src/logger';
import { IndexQueue, type QueuedItem } from '../../server/src/semantic/indexing/indexQueue';
import { SemanticIndexer, type Embedder } from '../../server/src/semantic/indexing/semanticIndexer';
import type { EmbeddedType, Store } from '../../server/src/store/ports';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { eventually } from '../helpers/eventually';
import { tempDir } from '../helpers/tempDir';

/**
 * The indexer's work queue over a real SQLite store: what a backfill queues and in which order (the store is
 * listed a page of 100 at a time), how changed items are debounced and deduplicated, and how the loop works
 * the queue off in chunks. No model: the queue hands chunks to whatever `run` is.
 */

const NO_DELAY: Record<EmbeddedType, number> = { thread: 0, room: 0, notebook: 0, profile: 0 };
const keyOf = ({ type, id }: QueuedItem): string => `${type}:${id}`;

/** A queue whose chunks are recorded; `allow` says whether the loop may run. */
function recordingQueue(store: Store, options: { chunkItems?: number; delays?: Partial<Record<EmbeddedType, number>> } = {}) {
  const chunks: string[][] = [];
  const state = { allow: true, onRun: (_chunk: QueuedItem[]): void => {} };
  const queue = new IndexQueue(store, {
    delays: { ...NO_DELAY, ...options.delays },
    chunkItems: options.chunkItems ?? 8,
    canRun: () => state.allow,
    run: async (chunk) => {
      chunks.push(chunk.map(keyOf));
      state.onRun(chunk);
    },
  });
  return { queue, chunks, state };
}

const drained = (queue: IndexQueue) => eventually(async () => (queue.pending === 0 ? true : undefined), 'the queue drained', 10_000);

let dataDir: string;
let store: Store;
let userId: string;

beforeEach(async () => {
  dataDir = tempDir('cohort-index-queue-');
  store = openSqliteStore({ dataDir });
  userId = (await store.users.create({ username: 'queue_owner', displayName: 'Queue Owner', passwordHash: 'x' })).id;
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('IndexQueue backfill', () => {
  it('queues live threads newest first, then rooms and notebooks by id across pages, then the extra items, each once', async () => {
    // 230 threads: three pages of the thread listing; 150 rooms: a full page and a partial one; 100 notebooks:
    // exactly one full page, so the listing asks once more and gets nothing.
    const threads: string[] = [];
    for (let i = 0; i < 230; i++) threads.push((await store.threads.create({ title: `Thread ${i}`, body: 'body', tags: [], authorId: userId })).id);
    const deleted = threads.splice(17, 1)[0]!;
    await store.threads.softDelete(deleted, new Date().toISOString());
    const rooms: string[] = [];
    for (let i = 0; i < 150; i++) {
      rooms.push((await store.rooms.create({ name: `room-${i}`, topic: '', description: '', visibility: i % 2 ? 'private' : 'public', ownerId: userId })).id);
    }
    const notebooks: string[] = [];
    for (let i = 0; i < 100; i++) notebooks.push((await store.notebooks.create({ title: `Notebook ${i}`, ownerId: userId, visibility: 'private' })).id);

    const { queue, chunks, state } = recordingQueue(store, { chunkItems: 64 });
    state.allow = false;
    const extra: QueuedItem[] = [
      { type: 'profile', id: userId },
      // Already listed: counted and queued once, in its listed place.
      { type: 'thread', id: threads[3]! },
      { type: 'room', id: rooms[149]! },
      // Known only from a stored vector (the item is gone): queued too, so it leaves the index.
      { type: 'thread', id: deleted },
      { type: 'profile', id: userId },
    ];
    const count = await queue.backfill(() => extra);

    const expected = [
      ...[...threads].reverse().map((id) => `thread:${id}`),
      ...[...rooms].sort().map((id) => `room:${id}`),
      ...[...notebooks].sort().map((id) => `notebook:${id}`),
      `profile:${userId}`,
      `thread:${deleted}`,
    ];
    expect(count).toBe(expected.length);
    expect(queue.pending).toBe(expected.length);
    // Not started by the backfill itself, and not while work may not run.
    queue.pump();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toEqual([]);

    state.allow = true;
    queue.pump();
    await drained(queue);
    expect(chunks.flat()).toEqual(expected);
    expect(chunks.map((c) => c.length)).toEqual([64, 64, 64, 64, 64, 64, 64, expected.length - 7 * 64]);
  });

  it('lists one page per listing and no more once stopped', async () => {
    for (let i = 0; i < 150; i++) await store.threads.create({ title: `Thread ${i}`, body: 'body', tags: [], authorId: userId });
    await store.rooms.create({ name: 'the-room', topic: '', description: '', visibility: 'public', ownerId: userId });
    const { queue, chunks } = recordingQueue(store);
    await queue.stop();
    expect(await queue.backfill(() => [{ type: 'profile', id: userId }])).toBe(100 + 1 + 1);
    queue.pump();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toEqual([]);
  });
});

describe('IndexQueue changes', () => {
  it('queues a changed item once after its quiet time, however often it changes meanwhile', async () => {
    const { queue, chunks } = recordingQueue(store, { delays: { thread: 200, room: 175 } });
    queue.schedule('thread', 'a');
    queue.schedule('thread', 'a');
    queue.schedule('room', 'b');
    expect(queue.pending).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The first change starts the clock: a later change does not push `a` back behind `c`.
    queue.schedule('thread', 'a');
    queue.schedule('room', 'c');
    expect(queue.pending).toBe(3);
    await drained(queue);
    expect(chunks).toEqual([['room:b'], ['thread:a'], ['room:c']]);
  });

  it('does not schedule again what is already queued', async () => {
    const { queue, chunks, state } = recordingQueue(store);
    state.allow = false;
    queue.requeue([{ type: 'room', id: 'r' }]);
    queue.schedule('room', 'r');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(queue.pending).toBe(1);
    state.allow = true;
    queue.pump();
    await drained(queue);
    expect(chunks).toEqual([['room:r']]);
  });

  it('forgets a cancelled item, waiting or queued', async () => {
    const { queue, chunks, state } = recordingQueue(store, { delays: { notebook: 10 } });
    state.allow = false;
    queue.schedule('notebook', 'waiting');
    queue.requeue([{ type: 'notebook', id: 'queued' }, { type: 'notebook', id: 'kept' }]);
    queue.cancel('notebook', 'waiting');
    queue.cancel('notebook', 'queued');
    expect(queue.pending).toBe(1);
    state.allow = true;
    queue.pump();
    await drained(queue);
    expect(chunks).toEqual([['notebook:kept']]);
  });

  it('works off in queue order, in chunks, what was put back or queued while a chunk ran', async () => {
    const { queue, chunks, state } = recordingQueue(store, { chunkItems: 2 });
    state.onRun = (chunk) => {
      if (chunk.some((item) => item.id === 'p1')) queue.requeue([{ type: 'profile', id: 'late' }]);
    };
    state.allow = false;
    queue.requeue(['p1', 'p2', 'p3'].map((id) => ({ type: 'profile' as const, id })));
    // Put back again: keeps its place.
    queue.requeue([{ type: 'profile', id: 'p1' }]);
    state.allow = true;
    queue.pump();
    await drained(queue);
    expect(chunks).toEqual([
      ['profile:p1', 'profile:p2'],
      ['profile:p3', 'profile:late'],
    ]);
  });

  it('stop() waits for the running chunk and runs nothing after it', async () => {
    const chunks: string[][] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const queue = new IndexQueue(store, {
      delays: NO_DELAY,
      chunkItems: 1,
      canRun: () => true,
      run: async (chunk) => {
        chunks.push(chunk.map(keyOf));
        await held;
      },
    });
    queue.requeue([{ type: 'thread', id: 'one' }, { type: 'thread', id: 'two' }]);
    queue.schedule('room', 'three');
    queue.pump();
    await eventually(async () => (chunks.length === 1 ? true : undefined), 'the first chunk started', 5000);
    let stopped = false;
    const stopping = queue.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(queue.pending).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(chunks).toEqual([['thread:one']]);
  });
});

describe('SemanticIndexer backfill', () => {
  /** Stands in for the model: every text gets the same unit vector. */
  const embedder: Embedder = {
    modelId: 'test/stand-in',
    state: 'ready',
    start: async () => {},
    embed: async (texts) => texts.map(() => Float32Array.from([1, 0, 0, 0])),
  };

  it('embeds what the store lists and removes the stored vectors of items that are gone', async () => {
    const thread = await store.threads.create({ title: 'Fundraising', body: 'How to raise a seed round', tags: [], authorId: userId });
    await store.embeddings.upsert({ type: 'room', id: 'gone', field: 'content', model: embedder.modelId, contentHash: 'x.0', vector: Float32Array.from([0, 1, 0, 0]) });
    const indexer = new SemanticIndexer(store, embedder, new ContentEvents(), createLogger('silent'));
    await indexer.start();
    expect(indexer.space('room')?.has('gone')).toBe(true);
    await eventually(async () => (indexer.caughtUp ? true : undefined), 'the backfill finished', 10_000);
    expect(indexer.space('room')?.has('gone') ?? false).toBe(false);
    expect(await store.embeddings.find('room', 'gone', 'content')).toBeNull();
    expect(indexer.vector('thread', thread.id)).not.toBeNull();
    expect(await store.embeddings.find('thread', thread.id, 'content')).not.toBeNull();
    await indexer.stop();
  });
});
