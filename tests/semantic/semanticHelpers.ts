import { api } from '../helpers/hub';

/** Waits until the hub's semantic index has caught up and the topic map includes `items` discussions. */
export async function waitForIndex(hub: { url: string }, token: string, items: number, timeoutMs = 240_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  let last: any;
  while (Date.now() < deadline) {
    const res = await api(hub, 'GET', '/api/clusters', { token });
    last = res.body;
    if (res.status === 200 && res.body.stale === false && res.body.layout.length >= items) return res.body;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the semantic index did not catch up: ${JSON.stringify(last)?.slice(0, 500)}`);
}

/** Normalized mutual information (arithmetic mean normalization, as scikit-learn's default). */
export function nmi(a: string[], b: string[]): number {
  const n = a.length;
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const ca = count(a);
  const cb = count(b);
  const joint = count(a.map((x, i) => `${x}\u0000${b[i]}`));
  const entropy = (c: Map<string, number>) => -[...c.values()].reduce((s, v) => s + (v / n) * Math.log(v / n), 0);
  let mi = 0;
  for (const [key, v] of joint) {
    const [x, y] = key.split('\u0000') as [string, string];
    mi += (v / n) * Math.log((v * n) / (ca.get(x)! * cb.get(y)!));
  }
  const denom = (entropy(ca) + entropy(cb)) / 2;
  return denom === 0 ? 1 : mi / denom;
}
