import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with the last answer. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} never happened`);
}

// Content written after the model is ready and the start-up backfill is done must still be indexed:
// a regression test for a work loop that, started on an empty queue, stayed marked as running for good.
describe('live indexing after start-up (real model)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { EMBEDDINGS: 'on' } });
    await eventually(async () => ((await api(hub, 'GET', '/api/health')).body.embeddings.state === 'ready' ? true : undefined), 'model ready');
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
