import type { Socket } from 'socket.io-client';
import { api, registerUser } from './hub';
import { connectSocket, emitAck } from './socketClient';

export type TestUser = Awaited<ReturnType<typeof registerUser>>;

/** Creates a room over REST as `owner` and returns it. */
export async function createRoom(hub: { url: string }, owner: TestUser, visibility: 'public' | 'private' = 'public', name = 'GPU 拼车'): Promise<{ id: string; name: string }> {
  const res = await api(hub, 'POST', '/api/rooms', { token: owner.token, body: { name, topic: 'sharing spare A100 hours', visibility } });
  if (res.status !== 201) throw new Error(`room create failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A connected socket that has joined the room (the join ack must be ok). */
export async function joinedSocket(hub: { url: string }, user: TestUser, roomId: string): Promise<Socket> {
  const socket = await connectSocket(hub, { token: user.token });
  const ack = await emitAck(socket, 'room:join', { roomId });
  if (!ack.ok) {
    socket.close();
    throw new Error(`room:join failed: ${JSON.stringify(ack)}`);
  }
  return socket;
}

/** Records every payload of `event` on the socket, from now on. */
export function record<T = any>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Resolves once `check` is true, polling; rejects after `timeoutMs` with `what` in the message. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Sends a message and returns the stored one; the ack must be ok. */
export async function send(socket: Socket, roomId: string, body: string, clientId = `c-${Math.random().toString(36).slice(2)}`): Promise<any> {
  const ack = await emitAck(socket, 'message:send', { roomId, body, clientId });
  if (!ack.ok) throw new Error(`message:send failed: ${JSON.stringify(ack)}`);
  return ack.message;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
