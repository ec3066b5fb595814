import * as Y from 'yjs';
import { cellsOf, makeCell } from '@cohort/shared';
import { eventually, type TestUser } from '../helpers/chat';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectDoc, createNotebook, setRole, type DocClient } from '../helpers/yjsClient';

describe.each(hubStores())('notebooks: REST [%s]', (store) => {
  let hub: TestHub;
  let owner: TestUser;
  let other: TestUser;
  const clients: DocClient[] = [];
  beforeAll(async () => {
    hub = await startTestHub({ store });
    owner = await registerUser(hub);
    other = await registerUser(hub);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(() => hub.destroy());

  test('create, list, get with members and the caller role, patch; others see nothing of a private notebook', async () => {
    const created = await api(hub, 'POST', '/api/notebooks', { token: owner.token, body: { title: '  Growth log  ' } });
    expect(created.status).toBe(201);
    const nb = created.body;
    expect(nb).toEqual({
      id: expect.any(String),
      title: 'Growth log',
      docName: `notebook:${nb.id}`,
      visibility: 'private',
      ownerId: owner.user.id,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      role: 'owner',
    });
    expect((await api(hub, 'GET', `/api/notebooks/${nb.id}`, { token: other.token })).status).toBe(404);
    expect((await api(hub, 'GET', '/api/notebooks', { token: other.token })).body.notebooks.map((n: { id: string }) => n.id)).not.toContain(nb.id);

    await setRole(hub, owner.token, nb.id, other.user.id, 'viewer');
    const seen = await api(hub, 'GET', `/api/notebooks/${nb.id}`, { token: other.token });
    expect(seen.status).toBe(200);
    expect(seen.body.role).toBe('viewer');
    expect(seen.body.members).toEqual([
      { user: owner.user, role: 'owner', addedAt: expect.any(String) },
      { user: other.user, role: 'viewer', addedAt: expect.any(String) },
    ]);
    expect((await api(hub, 'GET', '/api/notebooks', { token: other.token })).body.notebooks).toEqual([expect.objectContaining({ id: nb.id, role: 'viewer' })]);

    // Only the owner patches and changes members.
    expect((await api(hub, 'PATCH', `/api/notebooks/${nb.id}`, { token: other.token, body: { title: 'mine now' } })).status).toBe(403);
    expect((await api(hub, 'PUT', `/api/notebooks/${nb.id}/members/${owner.user.id}`, { token: other.token, body: { role: 'editor' } })).status).toBe(403);
    const live = await connectDoc(hub, owner.token, nb.docName);
    clients.push(live);
    const patched = await api(hub, 'PATCH', `/api/notebooks/${nb.id}`, { token: owner.token, body: { title: 'Growth log v2', visibility: 'community' } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ title: 'Growth log v2', visibility: 'community' });
    // The title is in the document too, and live editors see it.
    await eventually(() => live.doc.getMap('meta').get('title') === 'Growth log v2', 'meta.title to follow');
  });

  test('bad input gets the contract error and changes nothing', async () => {
    const nb = await createNotebook(hub, owner.token, 'Strict');
    const bad = await api(hub, 'POST', '/api/notebooks', { token: owner.token, body: { title: '', visibility: 'public', extra: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('validation_failed');
    expect(Object.keys(bad.body.error.details.fields).sort()).toEqual(['extra', 'title', 'visibility']);
    expect((await api(hub, 'POST', '/api/notebooks', { body: { title: 'x' } })).status).toBe(401);

    const role = await api(hub, 'PUT', `/api/notebooks/${nb.id}/members/${other.user.id}`, { token: owner.token, body: { role: 'owner' } });
    expect(role.status).toBe(400);
    expect(role.body.error.details.fields).toEqual({ role: expect.any(String) });
    expect((await api(hub, 'PUT', `/api/notebooks/${nb.id}/members/nobody`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(404);
    expect((await api(hub, 'PUT', `/api/notebooks/${nb.id}/members/${owner.user.id}`, { token: owner.token, body: { role: 'viewer' } })).status).toBe(409);
    expect((await api(hub, 'PATCH', `/api/notebooks/${nb.id}`, { token: owner.token, body: {} })).status).toBe(400);
    expect((await api(hub, 'GET', `/api/notebooks/${nb.id}/export?format=pdf`, { token: owner.token })).status).toBe(400);
    expect((await api(hub, 'POST', `/api/notebooks/${nb.id}/versions`, { token: owner.token, body: { label: 'a\nb' } })).status).toBe(400);
    expect((await api(hub, 'POST', `/api/notebooks/${nb.id}/versions/nope/restore`, { token: owner.token })).status).toBe(404);

    const after = await api(hub, 'GET', `/api/notebooks/${nb.id}`, { token: owner.token });
    expect(after.body).toMatchObject({ title: 'Strict', visibility: 'private' });
    expect(after.body.members).toHaveLength(1);
    expect((await api(hub, 'GET', `/api/notebooks/${nb.id}/versions`, { token: owner.token })).body).toEqual({ versions: [] });
  });

  test('viewers read versions and export but cannot save or restore versions', async () => {
    const nb = await createNotebook(hub, owner.token);
    await setRole(hub, owner.token, nb.id, other.user.id, 'viewer');
    const v = await api(hub, 'POST', `/api/notebooks/${nb.id}/versions`, { token: owner.token });
    expect(v.status).toBe(201);
    expect(v.body.label).toMatch(/^Version of \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect((await api(hub, 'GET', `/api/notebooks/${nb.id}/versions`, { token: other.token })).body.versions).toHaveLength(1);
    expect((await api(hub, 'GET', `/api/notebooks/${nb.id}/export`, { token: other.token })).status).toBe(200);
    expect((await api(hub, 'POST', `/api/notebooks/${nb.id}/versions`, { token: other.token, body: {} })).status).toBe(403);
    expect((await api(hub, 'POST', `/api/notebooks/${nb.id}/versions/${v.body.id}/restore`, { token: other.token })).status).toBe(403);
  });

  test('export renders markdown as is, code fenced with its language, metrics CSV as a table: exact output', async () => {
    const nb = await createNotebook(hub, owner.token, 'Churn study');
    const c = await connectDoc(hub, owner.token, nb.docName);
    clients.push(c);
    c.doc.transact(() => {
      c.source().insert(0, '## Hypothesis\n\nOnboarding emails cut churn.\n\n');
      cellsOf(c.doc).push([
        makeCell({ id: 'code1', type: 'code', source: 'import pandas as pd\ndf = pd.read_csv("churn.csv")\n', lang: 'python' }),
        makeCell({ id: 'code2', type: 'code', source: 'echo "```"', lang: '' }),
        makeCell({ id: 'm1', type: 'metrics', source: 'epoch,loss,note\n1,0.92,"warm, up"\n2,0.61,a|b\n', lang: '' }),
        makeCell({ id: 'md2', type: 'markdown', source: '- done', lang: '' }),
      ]);
    });
    // A stray non-cell entry in the array reads as an empty markdown cell, not a failure.
    cellsOf(c.doc).push([new Y.Map()] as never);
    const expected = [
      '# Churn study',
      '',
      '## Hypothesis',
      '',
      'Onboarding emails cut churn.',
      '',
      '```python',
      'import pandas as pd',
      'df = pd.read_csv("churn.csv")',
      '```',
      '',
      '````',
      'echo "```"',
      '````',
      '',
      '| epoch | loss | note |',
      '| --- | --- | --- |',
      '| 1 | 0.92 | warm, up |',
      '| 2 | 0.61 | a\\|b |',
      '',
      '- done',
      '',
    ].join('\n');
    // Once another client has every cell, the server has stored and applied them.
    const observer = await connectDoc(hub, owner.token, nb.docName);
    clients.push(observer);
    await eventually(() => cellsOf(observer.doc).length === 6, 'the cells to reach the server');
    const res = await api(hub, 'GET', `/api/notebooks/${nb.id}/export?format=md`, { token: owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Churn study.md"; filename*=UTF-8''Churn%20study.md`);
    expect(res.body).toBe(expected);
  });
});
