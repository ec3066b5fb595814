import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { cellsOf, CELL_SOURCE } from '@cohort/shared';
import { api } from './hub';
import { eventually } from './chat';

/** The hub's Yjs endpoint base, as the stock provider takes it (it appends `/<docName>`). */
export const yjsBase = (hub: { url: string }): string => `${hub.url.replace(/^http/, 'ws')}/yjs`;

export interface DocClient {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Updates this client received from the server, in order. */
  received: Uint8Array[];
  /** Close events the provider saw (code, reason). */
  closes: Array<{ code: number; reason: string }>;
  /** The `source` text of the cell at `index` (the first by default). */
  source(index?: number): Y.Text;
  destroy(): void;
}

/** A stock y-websocket provider in Node (ws as the WebSocket), synced with the hub before it is returned. */
export async function connectDoc(hub: { url: string }, token: string | undefined, docName: string, options: { waitForSync?: boolean } = {}): Promise<DocClient> {
  const doc = new Y.Doc();
  const received: Uint8Array[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  const provider = new WebsocketProvider(yjsBase(hub), docName, doc, {
    params: token ? { token } : {},
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 300,
  });
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason });
  });
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === provider) received.push(update);
  });
  const client: DocClient = {
    doc,
    provider,
    received,
    closes,
    source(index = 0) {
      const cell = cellsOf(doc).get(index);
      return cell.get(CELL_SOURCE) as Y.Text;
    },
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
  if (options.waitForSync !== false) await eventually(() => provider.synced && cellsOf(doc).length > 0, `${docName} to sync`);
  return client;
}

/** Opens a raw socket to the endpoint and resolves with how the server closed it. */
export function closeOf(url: string, headers: Record<string, string> = {}): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('error', () => {});
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    setTimeout(() => reject(new Error(`socket to ${url} was not closed`)), 15_000).unref();
  });
}

/** Creates a notebook over REST as the token's user. */
export async function createNotebook(hub: { url: string }, token: string, title = '实验日志', visibility?: 'private' | 'community'): Promise<{ id: string; title: string; docName: string }> {
  const res = await api(hub, 'POST', '/api/notebooks', { token, body: visibility ? { title, visibility } : { title } });
  if (res.status !== 201) throw new Error(`notebook create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Sets a member's role over REST (the owner's token); the answer must be 200. */
export async function setRole(hub: { url: string }, ownerToken: string, notebookId: string, userId: string, role: 'editor' | 'viewer' | 'none'): Promise<void> {
  const res = await api(hub, 'PUT', `/api/notebooks/${notebookId}/members/${userId}`, { token: ownerToken, body: { role } });
  if (res.status !== 200) throw new Error(`set role failed: ${res.status} ${JSON.stringify(res.body)}`);
}
