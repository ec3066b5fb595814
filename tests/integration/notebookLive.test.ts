import * as Y from 'yjs';
import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import { cellsOf, readNotebook } from '@cohort/shared';
import { eventually, sleep, type TestUser } from '../helpers/chat';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { closeOf, connectDoc, createNotebook, setRole, yjsBase, type DocClient } from '../helpers/yjsClient';

describe('notebooks: live co-editing over y-websocket', () => {
  let hub: TestHub;
  let owner: TestUser;
  const clients: DocClient[] = [];
  beforeAll(async () => {
    hub = await startTestHub();
    owner = await registerUser(hub);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(() => hub.destroy());

  async function open(token: string, docName: string): Promise<DocClient> {
    const client = await connectDoc(hub, token, docName);
    clients.push(client);
    return client;
  }

  /**
   * Frames from one socket are handled in order: once `to` sees an awareness marker `from` sent after an edit,
   * the server has dealt with that edit (applied or refused) too.
   */
  async function barrier(from: DocClient, to: DocClient): Promise<void> {
    const marker = Math.random();
    from.provider.awareness.setLocalStateField('marker', marker);
    await eventually(() => to.provider.awareness.getStates().get(from.doc.clientID)?.marker === marker, 'the awareness barrier');
  }

  /** Every client types its own letters into the same Y.Text at the same time; all must end up equal. */
  async function typeConcurrently(count: number): Promise<void> {
    const nb = await createNotebook(hub, owner.token);
    const editors = await Promise.all(
      Array.from({ length: count }, async () => {
        const user = await registerUser(hub);
        await setRole(hub, owner.token, nb.id, user.user.id, 'editor');
        return user;
      }),
    );
    const docs = await Promise.all(editors.map((u) => open(u.token, nb.docName)));
    const perClient = 30;
    await Promise.all(
      docs.map(async (c, i) => {
        for (let k = 0; k < perClient; k++) {
          const text = c.source();
          text.insert(Math.floor(Math.random() * (text.length + 1)), String.fromCharCode(97 + i));
          if (k % 5 === 0) await sleep(1);
        }
      }),
    );
    await eventually(() => docs.every((c) => c.source().length === count * perClient), 'every edit to reach every client');
    const texts = docs.map((c) => c.source().toString());
    expect(new Set(texts).size).toBe(1);
    for (let i = 0; i < count; i++) expect(texts[0]!.split(String.fromCharCode(97 + i)).length - 1).toBe(perClient);
  }

  test('two clients editing the same Y.Text concurrently converge', () => typeConcurrently(2));
  test('five clients editing the same Y.Text concurrently converge', () => typeConcurrently(5));

  test('a new notebook holds meta.title and one empty markdown cell, and a late joiner gets the whole document', async () => {
    const nb = await createNotebook(hub, owner.token, 'Pricing experiments');
    const first = await open(owner.token, nb.docName);
    expect(readNotebook(first.doc)).toEqual({ title: 'Pricing experiments', cells: [{ id: expect.any(String), type: 'markdown', source: '', lang: '' }] });
    first.source().insert(0, '## Week 1\nA/B on the landing page');
    first.doc.transact(() => {
      const cell = new Y.Map<unknown>();
      cell.set('id', 'metrics-1');
      cell.set('type', 'metrics');
      cell.set('source', new Y.Text('epoch,loss\n1,0.9'));
      cellsOf(first.doc).push([cell]);
    });
    const late = await open(owner.token, nb.docName);
    await eventually(() => cellsOf(late.doc).length === 2 && late.source().length > 0, 'the late joiner to get both cells');
    expect(readNotebook(late.doc)).toEqual(readNotebook(first.doc));
  });

  test('4401 without or with a bad token; 4403 without read right; community notebooks are readable by everyone', async () => {
    const nb = await createNotebook(hub, owner.token);
    const stranger = await registerUser(hub);
    const base = `${yjsBase(hub)}/${nb.docName}`;
    expect(await closeOf(base)).toEqual({ code: 4401, reason: 'unauthorized' });
    expect((await closeOf(`${base}?token=not-a-token`)).code).toBe(4401);
    expect((await closeOf(`${base}?token=${stranger.token}`)).code).toBe(4403);
    expect((await closeOf(`${yjsBase(hub)}/notebook:nope?token=${stranger.token}`)).code).toBe(4403);
    expect((await closeOf(`${yjsBase(hub)}/something-else?token=${stranger.token}`)).code).toBe(4403);
    // The session cookie works as well as the query parameter.
    expect((await closeOf(base, { cookie: `cohort_session=${stranger.token}` })).code).toBe(4403);

    const open1 = await api(hub, 'PATCH', `/api/notebooks/${nb.id}`, { token: owner.token, body: { visibility: 'community' } });
    expect(open1.status).toBe(200);
    const reader = await open(stranger.token, nb.docName);
    expect(readNotebook(reader.doc).cells).toHaveLength(1);
    // Back to private: the non-member's open socket is closed with 4403 at once.
    await api(hub, 'PATCH', `/api/notebooks/${nb.id}`, { token: owner.token, body: { visibility: 'private' } });
    await eventually(() => reader.closes.some((c) => c.code === 4403), 'the reader to be closed with 4403');
  });

  test("a viewer's edits are never applied; a downgrade stops writes at once; removal closes the socket with 4403", async () => {
    const nb = await createNotebook(hub, owner.token);
    const bob = await registerUser(hub);
    await setRole(hub, owner.token, nb.id, bob.user.id, 'viewer');
    const mine = await open(owner.token, nb.docName);
    const viewer = await open(bob.token, nb.docName);

    viewer.source().insert(0, 'VIEWER WAS HERE');
    await barrier(viewer, mine);
    mine.source().insert(0, 'owner line');
    await eventually(() => viewer.source().toString().includes('owner line'), 'the viewer to receive the owner edit');
    // A fresh client sees what the server holds: the owner's edit, not the viewer's.
    const check1 = await open(owner.token, nb.docName);
    expect(check1.source().toString()).toBe('owner line');
    expect(mine.source().toString()).toBe('owner line');

    // Promote: writes go through. Then demote while connected: they stop.
    await setRole(hub, owner.token, nb.id, bob.user.id, 'editor');
    const editorSide = await open(bob.token, nb.docName);
    editorSide.source().insert(editorSide.source().length, ' +bob');
    await eventually(() => mine.source().toString().endsWith(' +bob'), 'the editor edit to arrive');

    // The downgrade is in force on open sockets by the time the PUT is answered.
    await setRole(hub, owner.token, nb.id, bob.user.id, 'viewer');
    editorSide.source().insert(0, 'AFTER DOWNGRADE ');
    await barrier(editorSide, mine);
    mine.source().insert(mine.source().length, ' !');
    await eventually(() => editorSide.source().toString().endsWith(' !'), 'the owner edit to reach the demoted client');
    const check2 = await open(owner.token, nb.docName);
    expect(check2.source().toString()).toBe('owner line +bob !');

    await setRole(hub, owner.token, nb.id, bob.user.id, 'none');
    await eventually(() => editorSide.closes.some((c) => c.code === 4403) && viewer.closes.some((c) => c.code === 4403), 'both of bob’s sockets to close with 4403');
  });

  test('awareness carries the server-verified user: a client cannot pose as someone else', async () => {
    const nb = await createNotebook(hub, owner.token);
    const mallory = await registerUser(hub);
    await setRole(hub, owner.token, nb.id, mallory.user.id, 'viewer');
    const watcher = await open(owner.token, nb.docName);
    const impostor = await open(mallory.token, nb.docName);
    impostor.provider.awareness.setLocalState({ user: { id: owner.user.id, name: owner.user.displayName, color: '#ff0000' }, cursor: { index: 3 } });
    await eventually(() => watcher.provider.awareness.getStates().has(impostor.doc.clientID), 'the impostor awareness to arrive');
    expect(watcher.provider.awareness.getStates().get(impostor.doc.clientID)).toEqual({
      user: { id: mallory.user.id, name: mallory.user.displayName, color: '#ff0000' },
      cursor: { index: 3 },
    });

    // Publishing a state under somebody else's Yjs client id is dropped.
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // awareness message
    const inner = encoding.createEncoder();
    encoding.writeVarUint(inner, 1);
    encoding.writeVarUint(inner, watcher.doc.clientID);
    encoding.writeVarUint(inner, 999);
    encoding.writeVarString(inner, JSON.stringify({ user: { name: 'hijacked' } }));
    encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
    watcher.provider.awareness.setLocalState({ user: { name: 'owner' } });
    await eventually(() => impostor.provider.awareness.getStates().get(watcher.doc.clientID)?.user?.id === owner.user.id, 'the owner state to arrive');
    impostor.provider.ws!.send(encoding.toUint8Array(encoder));
    // Barrier: a later state of the impostor's own arrives after the forged one would have.
    impostor.provider.awareness.setLocalState({ user: {}, marker: 2 });
    await eventually(() => watcher.provider.awareness.getStates().get(impostor.doc.clientID)?.marker === 2, 'the marker state');
    expect(impostor.provider.awareness.getStates().get(watcher.doc.clientID)?.user).toEqual({ id: owner.user.id, name: owner.user.displayName });
  });

  test('random and truncated frames close only that connection; the server stays healthy and others keep syncing', async () => {
    const nb = await createNotebook(hub, owner.token);
    const editor = await open(owner.token, nb.docName);
    editor.source().insert(0, 'before');
    const url = `${yjsBase(hub)}/${nb.docName}?token=${owner.token}`;
    const validUpdate = Y.encodeStateAsUpdate(editor.doc);
    const frames: Array<Buffer | string> = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]),
      Buffer.from([0, 2, 50, 1, 2, 3]), // update frame claiming 50 bytes, carrying 3
      Buffer.from([0, 2, 5, 9, 9, 9, 9, 9]), // an "update" that is not one
      Buffer.from([0, 7, 0]), // unknown sync step
      Buffer.from([9]), // unknown message type
      Buffer.concat([Buffer.from([0, 2]), Buffer.from(encodeLen(validUpdate.length)), Buffer.from(validUpdate.subarray(0, validUpdate.length - 3))]),
      Buffer.from([1, 5, 1, 2]), // truncated awareness
      'text frame',
    ];
    for (let i = 0; i < 20; i++) frames.push(Buffer.from(Array.from({ length: 1 + Math.floor(Math.random() * 64) }, () => Math.floor(Math.random() * 256))));
    for (const frame of frames) {
      const code = await new Promise<number>((resolve) => {
        const ws = new WebSocket(url);
        ws.on('error', () => {});
        ws.on('open', () => ws.send(frame));
        ws.on('close', (c) => resolve(c));
      });
      expect([4400, 1002, 1007]).toContain(code);
    }
    editor.source().insert(0, 'still ');
    const fresh = await open(owner.token, nb.docName);
    await eventually(() => fresh.source().toString() === 'still before', 'a normal client to sync');
    expect((await api(hub, 'GET', '/api/health')).status).toBe(200);
    expect(editor.closes).toEqual([]);
  });

  test('an update over 1 MB is refused with a clear close (4413) and not stored', async () => {
    const nb = await createNotebook(hub, owner.token);
    const editor = await open(owner.token, nb.docName);
    const big = await open(owner.token, nb.docName);
    big.source().insert(0, 'x'.repeat(1024 * 1024 + 10));
    await eventually(() => big.closes.some((c) => c.code === 4413), 'the oversize update to be refused');
    expect(big.closes.find((c) => c.code === 4413)!.reason).toMatch(/update larger than/);
    big.destroy();
    editor.source().insert(0, 'small');
    const fresh = await open(owner.token, nb.docName);
    await eventually(() => fresh.source().toString() === 'small', 'the small edit');
    expect(fresh.source().length).toBe(5);
  });

  test('the 101st client on one document is closed with 4429', async () => {
    const nb = await createNotebook(hub, owner.token, 'crowded', 'community');
    const url = `${yjsBase(hub)}/${nb.docName}?token=${owner.token}`;
    const sockets: WebSocket[] = [];
    try {
      const opened = await Promise.all(
        Array.from({ length: 100 }, () => new Promise<WebSocket>((resolve, reject) => {
          const ws = new WebSocket(url);
          ws.on('error', reject);
          // The server's first sync message means the socket is in the room.
          ws.once('message', () => resolve(ws));
          sockets.push(ws);
        })),
      );
      expect(opened).toHaveLength(100);
      expect((await closeOf(url)).code).toBe(4429);
    } finally {
      for (const ws of sockets) ws.close();
    }
  });

  test('a version restore reaches live clients as an edit, and the state before it is kept as a version', async () => {
    const nb = await createNotebook(hub, owner.token, 'Restore me');
    const a = await open(owner.token, nb.docName);
    const bob = await registerUser(hub);
    await setRole(hub, owner.token, nb.id, bob.user.id, 'editor');
    const b = await open(bob.token, nb.docName);
    a.source().insert(0, 'v1 text');
    await eventually(() => b.source().toString() === 'v1 text', 'v1 to reach b');
    const v1 = await api(hub, 'POST', `/api/notebooks/${nb.id}/versions`, { token: owner.token, body: { label: 'v1' } });
    expect(v1.status).toBe(201);
    expect(v1.body).toEqual({ id: expect.any(String), label: 'v1', createdAt: expect.any(String), author: owner.user, auto: false });

    b.source().delete(0, b.source().length);
    b.source().insert(0, 'v2 rewritten');
    b.doc.transact(() => {
      const cell = new Y.Map<unknown>();
      cell.set('id', 'extra');
      cell.set('type', 'code');
      cell.set('lang', 'python');
      cell.set('source', new Y.Text('print(1)'));
      cellsOf(b.doc).push([cell]);
    });
    await eventually(() => cellsOf(a.doc).length === 2 && a.source().toString() === 'v2 rewritten', 'v2 to reach a');
    const aClient = a.doc.clientID;

    const restored = await api(hub, 'POST', `/api/notebooks/${nb.id}/versions/${v1.body.id}/restore`, { token: bob.token });
    expect(restored.status).toBe(200);
    await eventually(() => cellsOf(a.doc).length === 1 && cellsOf(b.doc).length === 1 && a.source().toString() === 'v1 text' && b.source().toString() === 'v1 text', 'the restore to reach both live clients');
    // Same documents, no reload: the providers never reconnected.
    expect(a.doc.clientID).toBe(aClient);
    expect(a.closes).toEqual([]);

    const versions = await api(hub, 'GET', `/api/notebooks/${nb.id}/versions`, { token: owner.token });
    expect(versions.body.versions.map((v: { label: string }) => v.label)).toEqual(['Before restoring "v1"', 'v1']);
    // Restoring the kept state brings v2 back, again live.
    await api(hub, 'POST', `/api/notebooks/${nb.id}/versions/${versions.body.versions[0].id}/restore`, { token: owner.token });
    await eventually(() => cellsOf(b.doc).length === 2 && b.source().toString() === 'v2 rewritten', 'the undo of the restore');
    expect(readNotebook(b.doc).cells[1]).toEqual({ id: 'extra', type: 'code', source: 'print(1)', lang: 'python' });
  });
});

function encodeLen(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}
