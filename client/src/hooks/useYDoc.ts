import { useEffect, useState } from 'react';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

export type YDocStatus = 'connecting' | 'connected' | 'disconnected' | 'denied';

export interface YDocHandle {
  doc: Y.Doc;
  provider: WebsocketProvider;
}

export interface YDocState {
  handle: YDocHandle | null;
  status: YDocStatus;
  /** The first full sync with the hub has completed (content shown is the hub's). */
  synced: boolean;
  /** Close code when the hub refused us (4401 not signed in, 4403 no read right). */
  closeCode: number | null;
}

/** The hub's Yjs endpoint for this page's origin. */
export function yjsServerUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  return `${loc.protocol === 'https:' ? 'wss' : 'ws'}://${loc.host}/yjs`;
}

/**
 * A Yjs document kept in sync with the hub over y-websocket. Edits made while disconnected stay in the
 * document and are sent when the connection comes back; awareness carries `user` for cursors and presence.
 * A new `epoch` starts over with a fresh document from the hub (local edits the hub refused are dropped).
 */
export function useYDoc(docName: string | null, user: { id: string; name: string; color: string } | null, epoch = 0): YDocState {
  const [state, setState] = useState<YDocState>({ handle: null, status: 'connecting', synced: false, closeCode: null });

  useEffect(() => {
    if (!docName) return;
    const doc = new Y.Doc();
    // Same origin: the upgrade request carries the session cookie, which the hub accepts like `?token=`.
    const provider = new WebsocketProvider(yjsServerUrl(), docName, doc, { maxBackoffTime: 5000 });
    if (user) provider.awareness.setLocalStateField('user', { id: user.id, name: user.name, color: user.color, colorLight: `${user.color}33` });
    const handle = { doc, provider };
    setState({ handle, status: 'connecting', synced: false, closeCode: null });

    const onStatus = ({ status }: { status: 'connected' | 'disconnected' | 'connecting' }) =>
      setState((s) => (s.status === 'denied' ? s : { ...s, status }));
    const onSync = (synced: boolean) => {
      if (synced) setState((s) => ({ ...s, synced: true }));
    };
    const onClosed = (event: { code: number }) => {
      if (event.code === 4401 || event.code === 4403) setState((s) => ({ ...s, status: 'denied', closeCode: event.code }));
    };
    provider.on('status', onStatus);
    provider.on('sync', onSync);
    provider.on('closed', onClosed);
    const goOnline = () => {
      if (!provider.wsconnected && provider.shouldConnect) provider.connect();
    };
    window.addEventListener('online', goOnline);
    return () => {
      window.removeEventListener('online', goOnline);
      provider.off('status', onStatus);
      provider.off('sync', onSync);
      provider.off('closed', onClosed);
      provider.awareness.setLocalState(null);
      provider.destroy();
      doc.destroy();
    };
    // The user's identity is set once per document; a rename mid-session is not worth a reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docName, epoch]);

  return state;
}
