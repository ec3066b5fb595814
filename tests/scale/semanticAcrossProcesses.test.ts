import { eventually, modelReady } from '../helpers/eventually';
import { api, registerUser } from '../helpers/hub';
import { describeWithRedis } from '../helpers/redisTest';
import { startCluster, type Cluster } from './scaleCluster';

describeWithRedis('semantic index across hub processes (real model)', (redisUrl) => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startCluster(redisUrl, 'sqlite', 2, { EMBEDDINGS: 'on' });
    for (const hub of cluster.hubs) {
      await modelReady(hub);
    }
  }, 240_000);
  afterAll(async () => cluster?.destroy());

  test('a thread posted through one process is found by semantic search on the other', async () => {
    const [p1, p2] = cluster.hubs as [typeof cluster.hubs[0], typeof cluster.hubs[0]];
    const { token } = await registerUser(p1);
    const created = await api(p1, 'POST', '/api/threads', {
      token,
      body: { title: '我们如何把 GPU 训练成本降低了一半', body: '通过混合精度和梯度累积，训练账单少了 50%。', tags: ['gpu'] },
    });
    expect(created.status).toBe(201);
    // Process 2 never saw the write: only the relayed content event tells its index about it.
    const hit = await eventually(async () => {
      const res = await api(p2, 'GET', `/api/search?q=${encodeURIComponent('降低训练成本')}&types=thread`, { token });
      return res.status === 200 ? res.body.results.find((r: { id: string }) => r.id === created.body.id) : undefined;
    }, 'the thread in process 2’s search results', 50_000);
    expect(hit.type).toBe('thread');
  });

  test('both processes answer the topic map while they take turns computing it (one at a time, by the lock)', async () => {
    const { token } = await registerUser(cluster.hubs[0]!);
    const answers = await Promise.all(cluster.hubs.map((hub) => api(hub, 'GET', '/api/clusters', { token })));
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(Array.isArray(res.body.clusters)).toBe(true);
      expect(res.body.computedAt).toEqual(expect.any(String));
    }
  });
});
