import { clusterTopics, minClusterSize } from '../../server/src/semantic/clusters/topicClustering';

/** Topic clustering as pure computation: planted topics in, clusters, an "other" bucket and bilingual labels out. */
const DIMS = 512;
function community(topics: number, perTopic: number, outliers: number) {
  let seed = 11;
  const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const unit = (v: Float32Array) => {
    const n = Math.hypot(...v);
    return v.map((x) => x / n);
  };
  const centroids = Array.from({ length: topics }, () => unit(Float32Array.from({ length: DIMS }, gauss)));
  const rows: Float32Array[] = [];
  const truth: number[] = [];
  const texts: string[] = [];
  const words = [['融资', 'investors'], ['招聘', 'hiring'], ['算力', 'gpu'], ['合规', 'privacy'], ['标注', 'labels']];
  for (let t = 0; t < topics; t++) {
    for (let i = 0; i < perTopic; i++) {
      rows.push(unit(centroids[t]!.map((x) => x + 0.05 * gauss())));
      truth.push(t);
      texts.push(`${words[t]![0]}的问题 ${words[t]![1]} question ${words[t]![0]} ${words[t]![1]} ${i}`);
    }
  }
  for (let i = 0; i < outliers; i++) {
    rows.push(unit(Float32Array.from({ length: DIMS }, gauss)));
    truth.push(-1);
    texts.push(`随便聊聊 random chat ${i}`);
  }
  const vectors = new Float32Array(rows.length * DIMS);
  rows.forEach((r, i) => vectors.set(r, i * DIMS));
  return { vectors, truth, texts };
}

describe('topic clustering', () => {
  it('finds the planted topics, puts unrelated items in one "other" bucket, and labels in both languages', () => {
    const { vectors, truth, texts } = community(5, 12, 4);
    const out = clusterTopics({ dims: DIMS, vectors, texts });
    const topics = out.clusters.filter((c) => !c.other);
    expect(topics).toHaveLength(5);
    for (const cluster of topics) {
      // Every topic cluster is one planted topic.
      expect(new Set(cluster.members.map((i) => truth[i])).size).toBe(1);
      expect(cluster.keywords.some((k) => /\p{Script=Han}/u.test(k))).toBe(true);
      expect(cluster.keywords.some((k) => /^[a-z]+$/.test(k))).toBe(true);
    }
    const other = out.clusters.find((c) => c.other)!;
    expect(other).toBe(out.clusters[out.clusters.length - 1]);
    expect(other.members.sort()).toEqual([60, 61, 62, 63]);
    // No singleton clusters.
    for (const c of topics) expect(c.members.length).toBeGreaterThanOrEqual(minClusterSize(truth.length));
    expect(out.assignment).toHaveLength(truth.length);
    out.assignment.forEach((c, i) => expect(out.clusters[c]!.members).toContain(i));
  });

  it('gives the same clusters for the same input, and about the same count when the community doubles', () => {
    const small = community(5, 12, 0);
    const a = clusterTopics({ dims: DIMS, vectors: small.vectors.slice(), texts: small.texts });
    const b = clusterTopics({ dims: DIMS, vectors: small.vectors.slice(), texts: small.texts });
    expect(b.assignment).toEqual(a.assignment);
    const large = community(5, 24, 0);
    const c = clusterTopics({ dims: DIMS, vectors: large.vectors, texts: large.texts });
    expect(c.clusters.filter((x) => !x.other)).toHaveLength(5);
  });

  it('gathers a large community into micro-clusters first and still finds its topics', () => {
    const { vectors, truth, texts } = community(5, 300, 0);
    const out = clusterTopics({ dims: DIMS, vectors, texts });
    const topics = out.clusters.filter((c) => !c.other);
    expect(topics).toHaveLength(5);
    for (const cluster of topics) {
      const counts = new Map<number, number>();
      for (const i of cluster.members) counts.set(truth[i]!, (counts.get(truth[i]!) ?? 0) + 1);
      expect(Math.max(...counts.values()) / cluster.members.length).toBeGreaterThan(0.95);
    }
  });
});
