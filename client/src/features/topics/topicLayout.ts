import type { TopicCluster, TopicMap } from '@cohort/shared';

type ClusterItem = TopicCluster['items'][number];

/** What placement reads of an entry of the `layout` array GET /api/clusters sends: an item's 2-D position in [-1, 1]. */
export type LayoutPoint = Pick<TopicMap['layout'][number], 'type' | 'id' | 'x' | 'y'>;

export interface PlacedItem {
  item: ClusterItem;
  cluster: number;
  x: number;
  y: number;
}

export interface PlacedCluster {
  cluster: TopicCluster;
  index: number;
  cx: number;
  cy: number;
}

/**
 * Positions for the map in [0, 1]²: the server's 2-D layout when it places every item (the items themselves
 * carry no coordinates), otherwise clusters on a ring with their items around them (so the map still reads).
 */
export function placeClusters(clusters: TopicCluster[], layout: readonly LayoutPoint[] = []): { items: PlacedItem[]; centers: PlacedCluster[] } {
  const at = new Map(layout.map((l) => [`${l.type}:${l.id}`, [l.x, l.y] as [number, number]]));
  const raw: Array<{ item: ClusterItem; cluster: number; p: [number, number] | null }> = [];
  clusters.forEach((c, ci) => c.items.forEach((item) => raw.push({ item, cluster: ci, p: at.get(`${item.type}:${item.id}`) ?? null })));
  const haveLayout = raw.length > 0 && raw.every((r) => r.p);
  let items: PlacedItem[];
  if (haveLayout) {
    const xs = raw.map((r) => r.p![0]);
    const ys = raw.map((r) => r.p![1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const sx = maxX - minX || 1;
    const sy = maxY - minY || 1;
    items = raw.map((r) => ({ item: r.item, cluster: r.cluster, x: 0.06 + 0.88 * ((r.p![0] - minX) / sx), y: 0.06 + 0.88 * (1 - (r.p![1] - minY) / sy) }));
  } else {
    const n = Math.max(1, clusters.length);
    items = [];
    clusters.forEach((c, ci) => {
      const a = (2 * Math.PI * ci) / n;
      const cx = n === 1 ? 0.5 : 0.5 + 0.32 * Math.cos(a);
      const cy = n === 1 ? 0.5 : 0.5 + 0.32 * Math.sin(a);
      c.items.forEach((item, j) => {
        const r = 0.03 + 0.02 * Math.sqrt(j);
        const b = j * 2.4;
        items.push({ item, cluster: ci, x: cx + r * Math.cos(b), y: cy + r * Math.sin(b) });
      });
    });
  }
  const centers = clusters.map((cluster, index) => {
    const mine = items.filter((p) => p.cluster === index);
    const cx = mine.length ? mine.reduce((s, p) => s + p.x, 0) / mine.length : 0.5;
    const cy = mine.length ? mine.reduce((s, p) => s + p.y, 0) / mine.length : 0.5;
    return { cluster, index, cx, cy };
  });
  return { items, centers };
}

export const CLUSTER_COLORS = ['#4f46e5', '#dc2626', '#0f766e', '#c2410c', '#7c3aed', '#0369a1', '#be185d', '#4d7c0f', '#a16207', '#475569'];
