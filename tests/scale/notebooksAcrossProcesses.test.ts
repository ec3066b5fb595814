import * as Y from 'yjs';
import { cellsOf } from '@cohort/shared';
import { eventually, sleep } from '../helpers/chat';
import { api, registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { connectDoc, createNotebook, setRole, type DocClient } from '../helpers/yjsClient';
import { sharedStores, startCluster, type Cluster } from './scaleCluster';

/** True when `part` holds nothing that `whole` lacks. */
function contains(whole: Y.Doc, part: Y.Doc | Uint8Array[]): boolean {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(whole));
  const before = Buffer.from(Y.encodeStateVector(copy)).toString('hex');
  if (Array.isArray(part)) for (const u of part) Y.applyUpdate(copy, u);
  else Y.applyUpdate(copy, Y.encodeStateAsUpdate(part));
  const same = Buffer.from(Y.encodeStateVector(copy)).toString('hex') === before;
  copy.destroy();
  return same;
}

describeWithRedis('notebooks across hub processes sharing Redis', (redisUrl) => {
  describe.each(sharedStores())('store: %s', (store) => {
    let cluster: Cluster;
    const clients: DocClient[] = [];
    const open = (c: DocClient) => (clients.push(c), c);

    beforeAll(async () => {
      // SQLite: compaction every few updates, so both processes compact while the others type (one at a time,
      // by the lock). FerretDB (the MongoDB stand-in here) applies `$inc` non-atomically, so the seq counter
      // can step back when two processes append at once; a compaction in between could then hide an update.
      // Real MongoDB is atomic there. So on FerretDB documents compact only when unloaded (docs/operations.md).
      const compactAfter = store === 'sqlite' ? '4' : '100000';
      cluster = await startCluster(redisUrl, store, 2, { NOTEBOOK_COMPACT_AFTER_UPDATES: compactAfter, NOTEBOOK_UNLOAD_AFTER_MS: '200' });
    });
    afterEach(() => clients.splice(0).forEach((c) => c.destroy()));
    afterAll(async () => cluster?.destroy());

    test('two editors on different processes converge, see each other’s awareness, and the store holds it all', async () => {
      const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
      const owner = await registerUser(p1);
      const editor = await registerUser(p2);
      const nb = await createNotebook(p1, owner.token);
      await setRole(p1, owner.token, nb.id, editor.user.id, 'editor');
      const a = open(await connectDoc(p1, owner.token, nb.docName));
      const b = open(await connectDoc(p2, editor.token, nb.docName));

      a.provider.awareness.setLocalStateField('cursor', { index: 1 });
      await eventually(() => b.provider.awareness.getStates().has(a.doc.clientID), 'B to see A’s awareness through the other process');

      // Both type at once, interleaved, each into their own copy of the same cell.
      for (let i = 0; i < 30; i++) {
        a.source().insert(0, 'a');
        b.source().insert(b.source().length, 'b');
        if (i % 5 === 0) await sleep(20);
      }
      const done = () => a.source().toString() === b.source().toString() && a.source().toString().replace(/[^a]/g, '').length === 30 && a.source().toString().replace(/[^b]/g, '').length === 30;
      await eventually(done, 'the two editors to converge');

      // Both processes let the document go (flushed, compacted under the lock); then it loads from the store alone.
      a.destroy();
      b.destroy();
      clients.splice(0);
      await sleep(800);
      const c = open(await connectDoc(p2, owner.token, nb.docName));
      await eventually(() => c.source().toString().length === 60, 'the stored document to hold all 60 characters');
      const exported = await api(p1, 'GET', `/api/notebooks/${nb.id}/export?format=md`, { token: owner.token });
      expect(exported.status).toBe(200);
      expect(exported.body).toContain(c.source().toString());
      expect(cellsOf(c.doc).length).toBe(1);
    });

    test('killing a process loses no update that any client received', async () => {
      const victim = await cluster.add();
      const survivor = cluster.hubs[0]!;
      const owner = await registerUser(survivor);
      const editor = await registerUser(survivor);
      const nb = await createNotebook(survivor, owner.token);
      await setRole(survivor, owner.token, nb.id, editor.user.id, 'editor');
      const a = open(await connectDoc(victim, owner.token, nb.docName));
      const b = open(await connectDoc(survivor, editor.token, nb.docName));
      let typing = true;
      const typists = [a, b].map(async (client, n) => {
        for (let i = 0; typing; i++) {
          client.source().insert(client.source().length, `${n}${i % 10}`);
          await sleep(5);
        }
      });
      await eventually(() => a.received.length > 20 && b.received.length > 20, 'both clients to receive each other’s edits');
      await victim.crash();
      await sleep(300);
      typing = false;
      await Promise.all(typists);
      // B stays connected to the survivor; what both clients had received from the hub is what must survive.
      const receivedByA = [...a.received];
      a.destroy();
      await sleep(500);
      const fresh = await cluster.add();
      const c = open(await connectDoc(fresh, owner.token, nb.docName));
      await eventually(() => contains(c.doc, receivedByA), 'everything A received to be in the document loaded from the store', 20_000);
      const receivedByB = [...b.received];
      await eventually(() => contains(c.doc, receivedByB), 'everything B received to be in it too', 20_000);
      // B's later edits still reach a client on another process: the survivor and the new process relay.
      b.source().insert(0, 'after-the-crash ');
      await eventually(() => c.source().toString().startsWith('after-the-crash '), 'B’s edit after the crash to reach C');
    });
  });
});
