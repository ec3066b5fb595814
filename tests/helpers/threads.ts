import { api } from './hub';
import type { TestUser } from './chat';

/** Posts a thread over REST as `author`; the answer must be 201. */
export async function postThread(
  hub: { url: string },
  author: TestUser,
  fields: { title?: string; body?: string; tags?: string[] } = {},
): Promise<any> {
  const body = { title: fields.title ?? `Thread ${Math.random().toString(36).slice(2, 8)}`, body: fields.body ?? 'Some experience.', tags: fields.tags ?? [] };
  const res = await api(hub, 'POST', '/api/threads', { token: author.token, body });
  if (res.status !== 201) throw new Error(`thread create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Posts a reply; the answer must be 201. */
export async function postReply(hub: { url: string }, author: TestUser, threadId: string, body: string, replyTo?: string): Promise<any> {
  const res = await api(hub, 'POST', `/api/threads/${threadId}/replies`, { token: author.token, body: replyTo ? { body, replyTo } : { body } });
  if (res.status !== 201) throw new Error(`reply failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** GET /api/threads with the query given; the answer must be 200. */
export async function listThreads(hub: { url: string }, user: TestUser, query: Record<string, string | number> = {}): Promise<{ threads: any[]; nextCursor: string | null }> {
  const qs = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString();
  const res = await api(hub, 'GET', `/api/threads${qs ? `?${qs}` : ''}`, { token: user.token });
  if (res.status !== 200) throw new Error(`list failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export const idsOf = (items: Array<{ id: string }>): string[] => items.map((t) => t.id);
