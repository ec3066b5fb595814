import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientEventAck, ClientEventName, ClientEventPayload, ClientToServerEvents, ServerToClientEvents } from '@cohort/shared';

/** The hub connection, typed by the shared event maps: what it hears, then what it sends. */
export type HubSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline';

export interface SocketState {
  socket: HubSocket | null;
  status: ConnectionStatus;
  /**
   * Counts (re)connections that lost server state (`socket.recovered` false after the first connect):
   * views resync when it changes.
   */
  resyncGeneration: number;
}

const SocketContext = createContext<SocketState>({ socket: null, status: 'offline', resyncGeneration: 0 });

/** One Socket.io connection for the signed-in user (the handshake carries the session cookie). */
export function SocketProvider({ enabled, onSessionEnded, children }: { enabled: boolean; onSessionEnded?: () => void; children: ReactNode }) {
  const [socket, setSocket] = useState<HubSocket | null>(null);
  const [status, setStatus] = useState<ConnectionStatus>('connecting');
  const [resyncGeneration, setGeneration] = useState(0);
  // The connection lives as long as `enabled`; the callback may change between renders without reconnecting.
  const sessionEnded = useRef(onSessionEnded);
  sessionEnded.current = onSessionEnded;

  useEffect(() => {
    if (!enabled) return;
    const s: HubSocket = io({ path: '/socket.io', withCredentials: true, transports: ['websocket', 'polling'] });
    let everConnected = false;
    const online = () => (typeof navigator === 'undefined' || navigator.onLine !== false);
    s.on('connect', () => {
      setStatus('connected');
      if (everConnected && !s.recovered) setGeneration((g) => g + 1);
      everConnected = true;
    });
    s.on('disconnect', (reason) => {
      // The server ended the session (signed out elsewhere): no point retrying.
      if (reason === 'io server disconnect') {
        setStatus('offline');
        sessionEnded.current?.();
      }
      else setStatus(online() ? 'reconnecting' : 'offline');
    });
    s.on('connect_error', () => setStatus(everConnected && online() ? 'reconnecting' : online() ? 'connecting' : 'offline'));
    s.io.on('reconnect_attempt', () => setStatus(online() ? 'reconnecting' : 'offline'));
    const wentOffline = () => setStatus('offline');
    const cameOnline = () => {
      if (!s.connected) {
        setStatus('reconnecting');
        s.connect();
      }
    };
    window.addEventListener('offline', wentOffline);
    window.addEventListener('online', cameOnline);
    setSocket(s);
    return () => {
      window.removeEventListener('offline', wentOffline);
      window.removeEventListener('online', cameOnline);
      s.removeAllListeners();
      s.disconnect();
      setSocket(null);
      setStatus('offline');
    };
  }, [enabled]);

  const value = useMemo(() => ({ socket, status, resyncGeneration }), [socket, status, resyncGeneration]);
  return <SocketContext.Provider value={value}>{children}</SocketContext.Provider>;
}

export function useSocket(): SocketState {
  return useContext(SocketContext);
}

/** What `timeout()` makes of an emit: the ack gets the timeout error first. */
type TimedEmit<R> = (event: string, payload: unknown, ack: (err: Error | null, reply: R) => void) => void;

/** Emits an event and resolves with its ack (or a timeout error ack). */
export function emitAck<E extends ClientEventName>(socket: HubSocket, event: E, payload: ClientEventPayload<E>, timeoutMs = 10000): Promise<Ack<ClientEventAck<E>>> {
  return new Promise((resolve) => {
    // socket.io's types cannot decorate an optional ack with the timeout error, nor see through a generic event name.
    const timed = socket.timeout(timeoutMs) as unknown as { emit: TimedEmit<Ack<ClientEventAck<E>>> };
    timed.emit(event, payload, (err, ack) => {
      if (err) resolve({ ok: false, error: { code: 'timeout', message: 'No answer from the hub' } });
      else resolve(ack);
    });
  });
}
