import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { FIXTURE_PROFILES, FIXTURE_THREADS } from '../fixtures/semanticFixture';
import { nmi, waitForIndex } from './semanticHelpers';

/**
 * Quality of the semantic layer on a bilingual fixture, with the real model, over real HTTP: topic
 * clusters against the fixture's topics, planted partners in the match lists, and related threads.
 */
const SLOW = 10 * 60_000;
let hub: TestHub;
const threadTopic = new Map<string, string>();
const users = new Map<string, { token: string; id: string }>();
let anyToken = '';

beforeAll(async () => {
  hub = await startTestHub({ env: { EMBEDDINGS: 'on' } });
  const authors = await Promise.all([0, 1, 2].map((i) => registerUser(hub, `fx_author${i}`)));
  anyToken = authors[0]!.token;
  for (const [i, thread] of FIXTURE_THREADS.entries()) {
    const res = await api(hub, 'POST', '/api/threads', { token: authors[i % 3]!.token, body: { title: thread.title, body: thread.body, tags: thread.tags } });
    expect(res.status).toBe(201);
    threadTopic.set(res.body.id, thread.topic);
  }
  for (const p of FIXTURE_PROFILES) {
    const { token, user } = await registerUser(hub, p.name);
    users.set(p.name, { token, id: user.id });
    const res = await api(hub, 'PUT', '/api/me/profile', {
      token,
      body: { role: p.role, bio: p.bio, interests: p.interests, offers: p.offers, needs: p.needs, languages: p.languages, timezone: p.timezone, hoursPerWeek: p.hoursPerWeek },
    });
    expect(res.status).toBe(200);
  }
  await waitForIndex(hub, anyToken, FIXTURE_THREADS.length);
}, SLOW);

afterAll(async () => {
  await hub?.destroy();
});

describe('semantic quality on the bilingual fixture', () => {
  it('clusters threads by topic (NMI >= 0.7) with readable keyword labels', async () => {
    const res = await api(hub, 'GET', '/api/clusters', { token: anyToken });
    expect(res.status).toBe(200);
    const truth: string[] = [];
    const found: string[] = [];
    for (const cluster of res.body.clusters) {
      expect(cluster.keywords.length).toBeGreaterThan(0);
      expect(cluster.size).toBe(cluster.items.length);
      for (const item of cluster.items) {
        truth.push(threadTopic.get(item.id)!);
        found.push(cluster.id);
      }
    }
    expect(truth.length).toBe(FIXTURE_THREADS.length);
    const score = nmi(truth, found);
    console.log(`clustering: ${res.body.clusters.length} clusters, NMI ${score.toFixed(3)}\n` + res.body.clusters.map((c: any) => `  ${c.id} (${c.size}) ${c.label}: ${c.keywords.join(', ')}`).join('\n'));
    expect(score).toBeGreaterThanOrEqual(0.7);
    // The 2-D layout covers every item, inside [-1, 1], tagged with its cluster.
    expect(res.body.layout).toHaveLength(FIXTURE_THREADS.length);
    for (const p of res.body.layout) {
      expect(Math.abs(p.x)).toBeLessThanOrEqual(1);
      expect(Math.abs(p.y)).toBeLessThanOrEqual(1);
      expect(res.body.clusters.some((c: any) => c.id === p.clusterId)).toBe(true);
    }
  });

  it('puts the planted partner in the top 3 matches for at least 90% of profiles', async () => {
    let hits = 0;
    const misses: string[] = [];
    for (const p of FIXTURE_PROFILES) {
      const me = users.get(p.name)!;
      const res = await api(hub, 'GET', '/api/matches?limit=3', { token: me.token });
      expect(res.status).toBe(200);
      const names = res.body.matches.map((m: any) => m.user.username);
      if (names.includes(p.partner)) hits++;
      else misses.push(`${p.name} -> ${names.join(', ')}`);
      for (const m of res.body.matches) expect(m.reasons.length).toBeGreaterThan(0);
    }
    const rate = hits / FIXTURE_PROFILES.length;
    console.log(`matching: planted partner in top 3 for ${hits}/${FIXTURE_PROFILES.length} (${(rate * 100).toFixed(1)}%)${misses.length ? `; misses: ${misses.join(' | ')}` : ''}`);
    expect(rate).toBeGreaterThanOrEqual(0.9);
  });

  it('explains a planted match by naming the items on both sides', async () => {
    const res = await api(hub, 'GET', '/api/matches?limit=3', { token: users.get('fx_web')!.token });
    const partner = res.body.matches.find((m: any) => m.user.username === 'fx_gpu');
    expect(partner).toBeDefined();
    expect(partner.reasons.join(' | ')).toContain('offers "闲置的A100显卡算力" ↔ you need "GPU compute to train our models"');
    expect(partner.reasons.join(' | ')).toContain('needs "网页前端开发" ↔ you offer "building React and TypeScript user interfaces"');
  });

  it('finds same-topic related threads (precision at 3 >= 0.8)', async () => {
    let same = 0;
    let total = 0;
    for (const [id, topic] of threadTopic) {
      const res = await api(hub, 'GET', `/api/threads/${id}/related?limit=3&types=thread`, { token: anyToken });
      expect(res.status).toBe(200);
      // Fewer than 3 when the rest fall under the relevance floor; an empty place counts as a miss.
      expect(res.body.results.length).toBeLessThanOrEqual(3);
      total += 3;
      for (const r of res.body.results) {
        expect(r.id).not.toBe(id);
        if (threadTopic.get(r.id) === topic) same++;
      }
    }
    const precision = same / total;
    console.log(`related: same-topic precision at 3 = ${precision.toFixed(3)} (${same}/${total})`);
    expect(precision).toBeGreaterThanOrEqual(0.8);
  });
});
