import fs from 'node:fs';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { eventually, modelReady } from '../helpers/eventually';
import { tempDir } from '../helpers/tempDir';

// Content written after the model is ready and the start-up backfill is done must still be indexed:
// a regression test for a work loop that, started on an empty queue, stayed marked as running for good.
describe('live indexing after start-up (real model)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { EMBEDDINGS: 'on' } });
    await modelReady(hub);
  }, 180_000);
  afterAll(() => hub.destroy());

  test('profiles saved after start-up become partner matches, with reasons naming the items', async () => {
    const alice = await registerUser(hub);
    const bob = await registerUser(hub);
    await api(hub, 'PUT', '/api/me/profile', {
      token: alice.token,
      body: { role: 'CEO', offers: ['B2B sales experience'], needs: ['introductions to angel investors'], languages: ['English', '中文'] },
    });
    await api(hub, 'PUT', '/api/me/profile', {
      token: bob.token,
      body: { role: 'ML engineer', offers: ['可以介绍天使投资人'], needs: ['企业销售经验'], languages: ['中文'] },
    });
    const match = await eventually(async () => {
      const res = await api(hub, 'GET', '/api/matches', { token: alice.token });
      return res.status === 200 ? res.body.matches.find((m: { user: { id: string } }) => m.user.id === bob.user.id) : undefined;
    }, 'Bob suggested to Alice');
    expect(match.reasons.join(' ')).toContain('可以介绍天使投资人');
    expect(match.reasons.join(' ')).toContain('B2B sales experience');
  });

  test('a thread posted after start-up is found by semantic search', async () => {
    const { token } = await registerUser(hub);
    const created = await api(hub, 'POST', '/api/threads', {
      token,
      body: { title: '我们如何把 GPU 训练成本降低了一半', body: '通过混合精度和梯度累积，训练账单少了 50%。', tags: ['gpu'] },
    });
    expect(created.status).toBe(201);
    const hit = await eventually(async () => {
      const res = await api(hub, 'GET', `/api/search?q=${encodeURIComponent('降低训练成本')}&types=thread`, { token });
      return res.status === 200 ? res.body.results.find((r: { id: string }) => r.id === created.body.id) : undefined;
    }, 'the thread in search results');
    expect(hit.type).toBe('thread');
  });
});

// What was written while no model ran must be indexed by the start-up backfill, private rooms and notebooks
// too: they are in no public listing, and without vectors nothing else leads the indexer to them.
describe.each(hubStores())('start-up backfill (real model) [%s]', (store) => {
  let dataDir: string;
  const hubs: TestHub[] = [];
  beforeEach(() => {
    dataDir = tempDir('cohort-backfill-');
  });
  afterEach(async () => {
    for (const h of hubs.splice(0)) await h.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('a private room and a private notebook created while embeddings were off are found once the model is up', async () => {
    const before = await startTestHub({ store, dataDir });
    hubs.push(before);
    const owner = await registerUser(before);
    const room = await api(before, 'POST', '/api/rooms', {
      token: owner.token,
      body: { name: '硬件创业者的供应链', topic: 'Shenzhen factories and component sourcing', visibility: 'private' },
    });
    expect(room.status).toBe(201);
    const notebook = await api(before, 'POST', '/api/notebooks', { token: owner.token, body: { title: 'Seed round pitch deck checklist', visibility: 'private' } });
    expect(notebook.status).toBe(201);
    await before.stop();
    hubs.splice(0);

    const hub = await startTestHub({ store, dataDir, env: { EMBEDDINGS: 'on', ...(before.config.mongodbUri ? { MONGODB_URI: before.config.mongodbUri } : {}) } });
    hubs.push(hub);
    const found = async (q: string, type: string, id: string) => {
      const res = await api(hub, 'GET', `/api/search?q=${encodeURIComponent(q)}&types=${type}`, { token: owner.token });
      return res.status === 200 && res.body.results.some((r: { id: string }) => r.id === id) ? true : undefined;
    };
    await eventually(() => found('硬件供应链', 'room', room.body.id), 'the private room in search results');
    await eventually(() => found('pitch deck for a seed round', 'notebook', notebook.body.id), 'the private notebook in search results');
  }, 180_000);
});
