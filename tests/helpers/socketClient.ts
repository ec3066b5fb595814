import { io, type Socket } from 'socket.io-client';

/** A real socket.io-client connected to the hub; rejects with the server's connect_error. */
export function connectSocket(hub: { url: string }, auth: { token?: string; cookie?: string }): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = io(hub.url, {
      path: '/socket.io',
      transports: ['websocket'],
      auth: auth.token ? { token: auth.token } : {},
      extraHeaders: auth.cookie ? { cookie: auth.cookie } : undefined,
      reconnection: false,
      forceNew: true,
    });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits with an ack and resolves with the server's answer. */
export function emitAck<T = any>(socket: Socket, event: string, payload?: unknown): Promise<T> {
  return socket.timeout(10_000).emitWithAck(event, payload) as Promise<T>;
}
