import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { waitForIndex } from './semanticHelpers';

/**
 * The five semantic endpoints over real HTTP with the real model: input errors, auth, 503 without a model,
 * what recommendations leave out, reasons, and search across languages and by exact name.
 */
const SLOW = 10 * 60_000;
const ENDPOINTS = ['/api/search?q=hello', '/api/threads/x/related', '/api/recommendations', '/api/matches', '/api/clusters'];

describe('semantic endpoints without a model (EMBEDDINGS=off)', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub();
  });
  afterAll(async () => hub?.destroy());

  it('answer 503 unavailable with a clear message; other routes keep working', async () => {
    const { token } = await registerUser(hub);
    const thread = await api(hub, 'POST', '/api/threads', { token, body: { title: 'Still works', body: 'Threads do not need the model.', tags: [] } });
    expect(thread.status).toBe(201);
    for (const path of [...ENDPOINTS.filter((p) => !p.includes('related')), `/api/threads/${thread.body.id}/related`]) {
      const res = await api(hub, 'GET', path, { token });
      expect(res.status).toBe(503);
      expect(res.body.error.code).toBe('unavailable');
      expect(res.body.error.message).toMatch(/EMBEDDINGS=off/);
    }
    expect((await api(hub, 'GET', `/api/threads/${thread.body.id}`, { token })).status).toBe(200);
  });

  it('still validate input first and require a token', async () => {
    const { token } = await registerUser(hub);
    expect((await api(hub, 'GET', '/api/search?q=', { token })).status).toBe(400);
    for (const path of ENDPOINTS) expect((await api(hub, 'GET', path)).status).toBe(401);
  });
});

describe('semantic endpoints with the model', () => {
  let hub: TestHub;
  let alice: { token: string; user: { id: string } };
  let bob: { token: string; user: { id: string } };
  const ids: Record<string, string> = {};

  const post = async (who: { token: string }, key: string, title: string, body: string) => {
    const res = await api(hub, 'POST', '/api/threads', { token: who.token, body: { title, body, tags: [] } });
    expect(res.status).toBe(201);
    ids[key] = res.body.id;
  };

  beforeAll(async () => {
    hub = await startTestHub({ env: { EMBEDDINGS: 'on' } });
    alice = await registerUser(hub, 'sem_alice');
    bob = await registerUser(hub, 'sem_bob');
    await post(bob, 'fund1', '天使轮融资怎么找投资人', '第一次创业，想找天使投资人投种子轮，应该怎么准备商业计划书和路演？');
    await post(bob, 'fund2', 'Raising a seed round from angel investors', 'We pitched forty angels and closed a SAFE with a valuation cap.');
    await post(bob, 'fund3', 'VC term sheet negotiation tips', 'Which terms should founders push back on when a venture capital firm sends a term sheet?');
    await post(bob, 'fund4', '融资估值和股权稀释', '投资人给的估值太低，出让的股份比例应该怎么谈？');
    await post(bob, 'gpu1', '训练模型的GPU算力太贵', '租用显卡训练深度学习模型成本很高，有什么便宜的算力方案？');
    await post(bob, 'gpu2', 'Cutting our GPU training costs', 'Spot instances and mixed precision halved the cost of training our neural networks.');
    await post(bob, 'cook', 'Sourdough bread starter tips', 'My sourdough starter smells sour and the bread does not rise; how often should I feed it?');
    await post(bob, 'falcon', 'Project Falcon retrospective', 'What went well and badly in our last quarter.');
    await post(alice, 'aliceOwn', 'My notes on seed fundraising', 'I am preparing to pitch angel investors for a pre-seed round.');
    // Alice took part in fund1 (reply) and fund2 (vote): those are hers already.
    expect((await api(hub, 'POST', `/api/threads/${ids.fund1}/replies`, { token: alice.token, body: { body: '同问，我也在准备融资。' } })).status).toBe(201);
    expect((await api(hub, 'POST', `/api/threads/${ids.fund2}/vote`, { token: alice.token, body: { value: 1 } })).status).toBe(200);
    const profile = await api(hub, 'PUT', '/api/me/profile', {
      token: alice.token,
      body: { role: 'CEO', interests: ['fundraising', '创业融资'], needs: ['introductions to angel investors'], offers: ['B2B sales experience'] },
    });
    expect(profile.status).toBe(200);
    await api(hub, 'PUT', '/api/me/profile', {
      token: bob.token,
      body: { role: 'ML engineer', interests: ['machine learning'], offers: ['可以介绍天使投资人'], needs: ['企业销售经验'] },
    });
    await waitForIndex(hub, alice.token, Object.keys(ids).length);
  }, SLOW);

  afterAll(async () => hub?.destroy());

  it('rejects bad input with 400 naming the field, before any model call', async () => {
    const cases: Array<[string, string]> = [
      ['/api/search', 'q'],
      ['/api/search?q=', 'q'],
      ['/api/search?q=%20%20', 'q'],
      [`/api/search?q=${'a'.repeat(501)}`, 'q'],
      // (Past Node's 16 KB header limit a URL is refused with 431 before any handler runs.)
      [`/api/search?q=${'融'.repeat(1500)}`, 'q'],
      ['/api/search?q=ok&limit=0', 'limit'],
      ['/api/search?q=ok&limit=51', 'limit'],
      ['/api/search?q=ok&limit=abc', 'limit'],
      ['/api/search?q=ok&types=thread,person', 'types.1'],
      ['/api/search?q=a&q=b', 'q'],
      ['/api/recommendations?limit=-1', 'limit'],
      ['/api/matches?limit=1000', 'limit'],
      [`/api/threads/${ids.fund1}/related?limit=0`, 'limit'],
    ];
    for (const [path, field] of cases) {
      const res = await api(hub, 'GET', path, { token: alice.token });
      expect({ path, status: res.status }).toEqual({ path, status: 400 });
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details.fields)).toContain(field);
    }
  });

  it('answers 401 without a token and 404 for an unknown or deleted thread', async () => {
    for (const path of ENDPOINTS) expect((await api(hub, 'GET', path)).status).toBe(401);
    expect((await api(hub, 'GET', '/api/threads/no-such-thread/related', { token: alice.token })).status).toBe(404);
    const gone = await api(hub, 'POST', '/api/threads', { token: bob.token, body: { title: 'Short-lived', body: 'Deleted soon.', tags: [] } });
    expect((await api(hub, 'DELETE', `/api/threads/${gone.body.id}`, { token: bob.token })).status).toBe(204);
    const res = await api(hub, 'GET', `/api/threads/${gone.body.id}/related`, { token: alice.token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
    // The threads router behind it still answers its own paths.
    expect((await api(hub, 'GET', `/api/threads/${ids.fund1}`, { token: alice.token })).status).toBe(200);
  });

  it('search: an English query finds the Chinese thread on the same topic, and unrelated text ranks low', async () => {
    const res = await api(hub, 'GET', '/api/search?q=' + encodeURIComponent('expensive GPU compute for training deep learning models') + '&limit=4', { token: alice.token });
    expect(res.status).toBe(200);
    const top = res.body.results.map((r: any) => r.id);
    expect(top.slice(0, 2).sort()).toEqual([ids.gpu1, ids.gpu2].sort());
    expect(top).not.toContain(ids.cook);
    for (const r of res.body.results) {
      expect(r).toEqual(expect.objectContaining({ type: 'thread', id: expect.any(String), title: expect.any(String), snippet: expect.any(String), score: expect.any(Number) }));
    }
    const scores = res.body.results.map((r: any) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('search: a Chinese query finds English threads on the same topic', async () => {
    const res = await api(hub, 'GET', '/api/search?q=' + encodeURIComponent('如何找天使投资人融资') + '&limit=4', { token: alice.token });
    const top = res.body.results.map((r: any) => r.id);
    const fundraising = [ids.fund1, ids.fund2, ids.fund3, ids.fund4, ids.aliceOwn];
    expect(top.every((id: string) => fundraising.includes(id))).toBe(true);
    expect(top).not.toContain(ids.cook);
  });

  it('search: an exact name wins', async () => {
    const res = await api(hub, 'GET', '/api/search?q=Project%20Falcon&types=thread', { token: alice.token });
    expect(res.body.results[0].id).toBe(ids.falcon);
  });

  it('related: other threads on the same topic first, never the thread itself', async () => {
    const res = await api(hub, 'GET', `/api/threads/${ids.gpu1}/related?limit=3`, { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.results[0].id).toBe(ids.gpu2);
    expect(res.body.results.map((r: any) => r.id)).not.toContain(ids.gpu1);
    for (const r of res.body.results) {
      expect(r).toEqual({ type: 'thread', id: expect.any(String), title: expect.any(String), score: expect.any(Number), reasons: expect.any(Array), reasonCodes: expect.any(Array) });
      // Every related item says why, in words and in machine form, one for one.
      expect(r.reasons.length).toBeGreaterThan(0);
      expect(r.reasonCodes).toHaveLength(r.reasons.length);
    }
  });

  it('recommendations: leave out own and already-joined content, and say why', async () => {
    const res = await api(hub, 'GET', '/api/recommendations?limit=5', { token: alice.token });
    expect(res.status).toBe(200);
    const got = res.body.results.map((r: any) => r.id);
    expect(got.length).toBeGreaterThan(0);
    for (const mine of [ids.aliceOwn, ids.fund1, ids.fund2]) expect(got).not.toContain(mine);
    // Her interest is fundraising: the remaining fundraising threads come first.
    expect([ids.fund3, ids.fund4]).toContain(got[0]);
    for (const r of res.body.results) {
      expect(typeof r.reason).toBe('string');
      expect(r.reason.length).toBeGreaterThan(0);
      expect(r.reason).not.toMatch(/\n/);
    }
  });

  it('matches: a reciprocal partner with reasons that name the items', async () => {
    const res = await api(hub, 'GET', '/api/matches', { token: alice.token });
    expect(res.status).toBe(200);
    expect(res.body.matches[0].user.username).toBe('sem_bob');
    expect(res.body.matches[0].user).not.toHaveProperty('passwordHash');
    expect(res.body.matches[0].reasons.join(' | ')).toContain('offers "可以介绍天使投资人" ↔ you need "introductions to angel investors"');
  });

  it("explanations: matches, recommendations and related threads say why in the reader's language, with the machine form beside", async () => {
    const han = /\p{Script=Han}/u;
    const zh = await api(hub, 'GET', '/api/matches?limit=3', { token: alice.token, headers: { 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.5' } });
    const bobZh = zh.body.matches.find((m: any) => m.user.username === 'sem_bob');
    expect(bobZh.reasonCodes.map((c: any) => c.code)).toContain('meets_your_need');
    expect(bobZh.reasons).toHaveLength(bobZh.reasonCodes.length);
    expect(bobZh.reasons.join(' ')).toContain('你需要「introductions to angel investors」');
    // ?lang= outranks the header; the codes do not change with the language.
    const en = await api(hub, 'GET', '/api/matches?limit=3&lang=en', { token: alice.token, headers: { 'accept-language': 'zh-CN' } });
    const bobEn = en.body.matches.find((m: any) => m.user.username === 'sem_bob');
    expect(bobEn.reasons.join(' ')).toContain('you need "introductions to angel investors"');
    expect(bobEn.reasonCodes).toEqual(bobZh.reasonCodes);

    const recs = await api(hub, 'GET', '/api/recommendations?limit=3&lang=zh', { token: alice.token });
    expect(recs.status).toBe(200);
    for (const r of recs.body.results) {
      expect(r.reason).toMatch(han);
      expect(typeof r.reasonCode.code).toBe('string');
    }
    const related = await api(hub, 'GET', `/api/threads/${ids.gpu1}/related?limit=2&lang=zh`, { token: alice.token });
    for (const r of related.body.results) {
      expect(r.reasons.length).toBeGreaterThan(0);
      for (const text of r.reasons) expect(text).toMatch(han);
    }
    expect((await api(hub, 'GET', '/api/matches?lang=fr', { token: alice.token })).status).toBe(400);
  });

  it('matches: hard filters from the caller preferences leave people out', async () => {
    const set = await api(hub, 'PUT', '/api/me/profile', { token: alice.token, body: { preferences: { minHoursPerWeek: 10 } } });
    expect(set.status).toBe(200);
    // Bob never said how many hours he has: the filter cannot be met. (Re-indexing the profile is debounced.)
    const deadline = Date.now() + 30_000;
    let matches: any[] = [];
    while (Date.now() < deadline) {
      matches = (await api(hub, 'GET', '/api/matches', { token: alice.token })).body.matches;
      if (!matches.some((m) => m.user.username === 'sem_bob')) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(matches.map((m) => m.user.username)).not.toContain('sem_bob');
    await api(hub, 'PUT', '/api/me/profile', { token: alice.token, body: { preferences: { minHoursPerWeek: null } } });
  });

  it('search leaves out private rooms the caller is not in', async () => {
    const room = await api(hub, 'POST', '/api/rooms', { token: bob.token, body: { name: 'Secret GPU cluster deals', topic: 'private GPU compute offers', visibility: 'private' } });
    expect(room.status).toBe(201);
    const deadline = Date.now() + 60_000;
    let bobSees = false;
    while (!bobSees && Date.now() < deadline) {
      const res = await api(hub, 'GET', '/api/search?q=' + encodeURIComponent('Secret GPU cluster deals') + '&types=room', { token: bob.token });
      bobSees = res.body.results.some((r: any) => r.id === room.body.id);
      if (!bobSees) await new Promise((r) => setTimeout(r, 500));
    }
    expect(bobSees).toBe(true);
    const res = await api(hub, 'GET', '/api/search?q=' + encodeURIComponent('Secret GPU cluster deals') + '&types=room', { token: alice.token });
    expect(res.body.results.map((r: any) => r.id)).not.toContain(room.body.id);
    const clusters = await api(hub, 'GET', '/api/clusters', { token: alice.token });
    expect(JSON.stringify(clusters.body)).not.toContain(room.body.id);
  });
});
