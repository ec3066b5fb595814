import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { readNotebook } from '@cohort/shared';
import { eventually, sleep } from '../helpers/chat';
import { api, hubStores, registerUser } from '../helpers/hub';
import { startHubProcess } from '../helpers/hubProcess';
import { tempDir } from '../helpers/tempDir';
import { connectDoc, createNotebook, setRole, type DocClient } from '../helpers/yjsClient';

describe.each(hubStores())('notebooks: the crash rule [%s]', (store) => {
  let dataDir: string;
  const clients: DocClient[] = [];
  beforeEach(() => {
    dataDir = tempDir('cohort-crash-');
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('after SIGKILL while clients type, every update any client received is in the document', async () => {
    const env: Record<string, string> = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      STORE: store,
      LOG_LEVEL: 'info',
      EMBEDDINGS: 'off',
      AUTH_RATE_LIMIT_PER_MINUTE: '100000',
      CLIENT_DIR: path.join(dataDir, 'no-client'),
      // Compaction runs while they type, so the kill can land in the middle of one too.
      NOTEBOOK_COMPACT_AFTER_UPDATES: '25',
    };
    if (store === 'mongo') env.MONGODB_URI = `${process.env.MONGODB_URI!.replace(/\/[^/]*$/, '')}/cohort_crash_${randomBytes(5).toString('hex')}`;
    const first = await startHubProcess(env);
    const hub = { url: first.url };
    const owner = await registerUser(hub);
    const nb = await createNotebook(hub, owner.token, 'Crash log');
    const typists: DocClient[] = [];
    for (let i = 0; i < 3; i++) {
      const user = await registerUser(hub);
      await setRole(hub, owner.token, nb.id, user.user.id, 'editor');
      typists.push(await connectDoc(hub, user.token, nb.docName));
    }
    const observer = await connectDoc(hub, owner.token, nb.docName);
    clients.push(...typists, observer);

    let typing = true;
    const loops = typists.map(async (c, i) => {
      for (let k = 0; typing; k++) {
        const text = c.source();
        text.insert(text.length === 0 ? 0 : (k * 7) % (text.length + 1), `${'abc'[i]}${k % 10}`);
        if (k % 9 === 8) text.delete(0, 1);
        await sleep(3);
      }
    });
    // Kill in the middle of the typing, once plenty has been exchanged.
    await eventually(() => observer.received.length > 150, 'updates to flow');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');
    typing = false;
    await Promise.all(loops);
    // What each client got from the server before the kill (frozen now: the server is gone).
    const received = clients.map((c) => c.received.slice());
    for (const c of clients.splice(0)) c.destroy();

    const second = await startHubProcess(env);
    try {
      const hub2 = { url: second.url };
      const back = await connectDoc(hub2, owner.token, nb.docName);
      clients.push(back);
      const finalVector = Y.decodeStateVector(Y.encodeStateVector(back.doc));
      for (const updates of received) {
        expect(updates.length).toBeGreaterThan(0);
        const merged = Y.mergeUpdates(updates);
        // Every item the client received is known to the restarted server...
        for (const [clientId, clock] of Y.decodeStateVector(Y.encodeStateVectorFromUpdate(merged))) {
          expect(finalVector.get(clientId) ?? 0).toBeGreaterThanOrEqual(clock);
        }
        // ...and applying what it received (deletions included) changes nothing.
        const copy = new Y.Doc();
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(back.doc));
        Y.applyUpdate(copy, merged);
        expect(readNotebook(copy)).toEqual(readNotebook(back.doc));
        copy.destroy();
      }
      expect((await api(hub2, 'GET', '/api/health')).status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});
