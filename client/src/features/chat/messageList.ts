import type { ChatMessage } from '@cohort/shared';

/** A message on screen: a stored one, or one of ours still waiting for its ack. */
export interface ChatEntry extends ChatMessage {
  pending?: 'sending' | 'failed';
}

const pendingId = (clientId: string) => `pending:${clientId}`;

const byStoreOrder = (a: ChatEntry, b: ChatEntry): number =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * Merges stored messages into the list: one entry per id (the newer copy wins, keeping the caller's own
 * reactions when a broadcast lacks them), a pending entry is replaced by its stored message (same author and
 * clientId), stored messages in store order, pending ones after them.
 */
export function mergeMessages(list: readonly ChatEntry[], incoming: readonly ChatMessage[]): ChatEntry[] {
  if (incoming.length === 0) return list as ChatEntry[];
  const byId = new Map<string, ChatEntry>();
  const pending: ChatEntry[] = [];
  for (const e of list) {
    if (e.pending) pending.push(e);
    else byId.set(e.id, e);
  }
  const confirmedClientIds = new Set<string>();
  for (const m of incoming) {
    const prev = byId.get(m.id);
    byId.set(m.id, prev && m.myReactions === undefined && prev.myReactions !== undefined ? { ...m, myReactions: prev.myReactions } : { ...m });
    confirmedClientIds.add(`${m.author.id}\u0000${m.clientId}`);
  }
  const stillPending = pending.filter((p) => !confirmedClientIds.has(`${p.author.id}\u0000${p.clientId}`));
  return [...[...byId.values()].sort(byStoreOrder), ...stillPending];
}

/** Adds one of our messages before the hub has stored it. */
export function addPending(list: readonly ChatEntry[], draft: { roomId: string; clientId: string; body: string; author: ChatMessage['author'] }): ChatEntry[] {
  const entry: ChatEntry = {
    id: pendingId(draft.clientId),
    roomId: draft.roomId,
    author: draft.author,
    body: draft.body,
    clientId: draft.clientId,
    createdAt: new Date().toISOString(),
    editedAt: null,
    deletedAt: null,
    mentions: [],
    reactions: {},
    pending: 'sending',
  };
  return [...list.filter((e) => e.id !== entry.id), entry];
}

export function markPending(list: readonly ChatEntry[], clientId: string, state: 'sending' | 'failed'): ChatEntry[] {
  return list.map((e) => (e.pending && e.clientId === clientId ? { ...e, pending: state } : e));
}

/** The id of the newest stored message (what room:resync and room:read need). */
export function lastStoredId(list: readonly ChatEntry[]): string | null {
  for (let i = list.length - 1; i >= 0; i--) if (!list[i]!.pending) return list[i]!.id;
  return null;
}

export function firstStoredId(list: readonly ChatEntry[]): string | null {
  for (const e of list) if (!e.pending) return e.id;
  return null;
}

/** The `@partial` being typed right before the caret, if any. */
export function mentionQueryAt(text: string, caret: number): { query: string; start: number } | null {
  const m = /(^|[\s(])@([a-z0-9_.-]{0,32})$/i.exec(text.slice(0, caret));
  if (!m) return null;
  return { query: m[2]!.toLowerCase(), start: caret - m[2]!.length - 1 };
}

/** Splits a body into text and @mention parts, for highlighting mentions of room members. */
export function splitMentions(body: string, mentions: readonly string[]): Array<{ text: string; mention: boolean }> {
  if (mentions.length === 0) return [{ text: body, mention: false }];
  const names = new Set(mentions.map((m) => m.toLowerCase()));
  const parts: Array<{ text: string; mention: boolean }> = [];
  let last = 0;
  const re = /@([a-z0-9_.-]{3,32})/gi;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const before = m.index === 0 ? '' : body[m.index - 1]!;
    if (!names.has(m[1]!.toLowerCase()) || /[a-z0-9_.]/i.test(before)) continue;
    if (m.index > last) parts.push({ text: body.slice(last, m.index), mention: false });
    parts.push({ text: m[0], mention: true });
    last = m.index + m[0].length;
  }
  if (last < body.length) parts.push({ text: body.slice(last), mention: false });
  return parts;
}

/**
 * Where the "new messages" divider goes: the id of the oldest of the last `unread` stored, undeleted messages
 * by others (the hub counts unread the same way), or null when nothing is unread. When more are unread than
 * are loaded, the oldest loaded such message.
 */
export function firstUnreadId(list: readonly ChatEntry[], unread: number, myId: string): string | null {
  if (unread <= 0) return null;
  let found: string | null = null;
  let left = unread;
  for (let i = list.length - 1; i >= 0 && left > 0; i--) {
    const m = list[i]!;
    if (m.pending || m.deletedAt !== null || m.author.id === myId) continue;
    found = m.id;
    left--;
  }
  return found;
}
