import fs from 'node:fs';
import { readNotebook } from '@cohort/shared';
import { eventually } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { tempDir } from '../helpers/tempDir';
import { connectDoc, createNotebook, type DocClient } from '../helpers/yjsClient';

describe.each(hubStores())('notebooks: durable storage [%s]', (store) => {
  const clients: DocClient[] = [];
  const hubs: TestHub[] = [];
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('cohort-nb-');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    for (const h of hubs.splice(0)) await h.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A hub on the same data each time: the same SQLite directory, or the same MongoDB database. */
  async function start(mongoUri?: string): Promise<TestHub> {
    const env: Record<string, string> = { NOTEBOOK_COMPACT_AFTER_UPDATES: '20', NOTEBOOK_UNLOAD_AFTER_MS: '50' };
    if (mongoUri) env.MONGODB_URI = mongoUri;
    const hub = await startTestHub({ store, dataDir, env });
    hubs.push(hub);
    return hub;
  }

  test('the log is compacted while editing and on unload, and the content survives a restart', async () => {
    const hub = await start();
    const owner = await registerUser(hub);
    const nb = await createNotebook(hub, owner.token, 'Durable');
    const writer = await connectDoc(hub, owner.token, nb.docName);
    const reader = await connectDoc(hub, owner.token, nb.docName);
    clients.push(writer, reader);
    // One edit at a time, each seen by the other client, so each is its own log entry.
    for (let i = 0; i < 50; i++) {
      writer.source().insert(writer.source().length, `${i % 10}`);
      await eventually(() => reader.source().length === i + 1, `edit ${i}`);
    }
    const whileOpen = await hub.store.documents.stats(nb.docName);
    // 51 entries were written (the initial content and 50 edits); compaction after 20 keeps fewer than 20 in the log.
    expect(whileOpen.updates).toBeLessThan(20);
    const expected = readNotebook(reader.doc);

    for (const c of clients.splice(0)) c.destroy();
    // Unloaded a moment after the last client left: flushed and merged, the log is empty.
    let stats = await hub.store.documents.stats(nb.docName);
    for (let i = 0; i < 200 && stats.updates !== 0; i++) {
      await new Promise((r) => setTimeout(r, 25));
      stats = await hub.store.documents.stats(nb.docName);
    }
    expect(stats.updates).toBe(0);

    await hub.stop();
    hubs.splice(0);
    const again = await start(hub.config.mongodbUri);
    const back = await connectDoc(again, owner.token, nb.docName);
    clients.push(back);
    expect(readNotebook(back.doc)).toEqual(expected);
    expect(expected.cells[0]!.source).toBe('01234567890123456789012345678901234567890123456789');
  });

  test('a graceful stop stores edits that were still in flight', async () => {
    const hub = await start();
    const owner = await registerUser(hub);
    const nb = await createNotebook(hub, owner.token, 'In flight');
    const writer = await connectDoc(hub, owner.token, nb.docName);
    const reader = await connectDoc(hub, owner.token, nb.docName);
    clients.push(writer, reader);
    writer.source().insert(0, 'typed just before the stop');
    await eventually(() => reader.source().toString() === 'typed just before the stop', 'the edit to be broadcast');
    await hub.stop();
    hubs.splice(0);
    for (const c of clients.splice(0)) c.destroy();

    const again = await start(hub.config.mongodbUri);
    expect((await again.store.documents.stats(nb.docName)).updates).toBe(0);
    const back = await connectDoc(again, owner.token, nb.docName);
    clients.push(back);
    expect(back.source().toString()).toBe('typed just before the stop');
    const versions = await api(again, 'GET', `/api/notebooks/${nb.id}/versions`, { token: owner.token });
    // Unloading after activity keeps it as an automatic version (none existed before).
    expect(versions.body.versions).toEqual([expect.objectContaining({ auto: true, author: null, label: expect.stringMatching(/^Autosave /) })]);
  });
});
