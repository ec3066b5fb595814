// A Socket.io v4 client (Engine.io 4 over a raw WebSocket, bench/lib/rawWebSocket.mjs), just enough for
// the bench: connect (with `auth.token` for the hub), join a room with an ack, send messages with acks,
// answer the server's pings. What a client receives is counted into `stats.current` (replaced per step):
// an observer parses every packet and times each `message:new` (the body carries its send time, same
// clock); the others only peek at the packet type, so that 500 clients cost this process little.
import { openRawWebSocket } from '../lib/rawWebSocket.mjs';

export const stats = { current: newStats() };

export function newStats() {
  return { events: 0, observed: 0, latencies: [], acksOk: 0, acksFailed: 0 };
}

const C_2 = 0x32;
const C_3 = 0x33;
const C_4 = 0x34;

export async function connectChatClient(baseUrl, { token, observer = false }) {
  const ws = await openRawWebSocket(`${baseUrl.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  let nextAck = 1;
  const acks = new Map();
  let onOpen;
  const opened = new Promise((resolve, reject) => {
    onOpen = { resolve, reject };
    ws.onClose = (code) => reject(new Error(`closed during connect (${code})`));
  });

  const onPacket = (text) => {
    const type = text.charCodeAt(0);
    if (type === 0x30 /* '0' engine open */) return ws.send(token ? `40${JSON.stringify({ token })}` : '40');
    if (type === C_2 && text.length === 1) return ws.send('3');
    if (type !== C_4) return;
    const kind = text.charCodeAt(1);
    if (kind === 0x30 /* '40' connected */) return onOpen.resolve();
    if (kind === 0x34 /* '44' connect error */) return onOpen.reject(new Error(`connect refused: ${text.slice(2)}`));
    if (kind === C_3) {
      const bracket = text.indexOf('[');
      const id = Number(text.slice(2, bracket));
      const [answer] = JSON.parse(text.slice(bracket));
      const waiter = acks.get(id);
      if (waiter) {
        acks.delete(id);
        waiter(answer);
      } else if (answer?.ok) stats.current.acksOk++;
      else stats.current.acksFailed++;
      return;
    }
    if (kind === C_2) {
      const now = performance.now();
      const s = stats.current;
      s.events++;
      const [event, payload] = JSON.parse(text.slice(2));
      if (event !== 'message:new') return;
      const body = payload.message.body;
      if (body.charCodeAt(0) !== 0x74 /* 't' */) return;
      s.observed++;
      s.latencies.push(now - Number(body.slice(2, body.indexOf(' '))));
    }
  };
  ws.onMessage = (buf) => onPacket(buf.toString());
  ws.onPeek = (head, _text, length) => {
    if (head[0] === C_4 && head[1] === C_2) stats.current.events++;
    else if (head[0] === C_4 && head[1] === C_3) stats.current.acksOk++;
    else if (head[0] === C_2 && length === 1) ws.send('3');
  };
  await opened;
  ws.onClose = () => {};

  const request = (event, payload) =>
    new Promise((resolve, reject) => {
      const id = nextAck++;
      const timer = setTimeout(() => {
        acks.delete(id);
        reject(new Error(`${event}: no ack in 30 s`));
      }, 30_000);
      acks.set(id, (answer) => {
        clearTimeout(timer);
        resolve(answer);
      });
      ws.send(`42${id}${JSON.stringify([event, payload])}`);
    });

  return {
    observer,
    /** Joins the live room (with its ack), then, unless an observer, only peeks at what comes. */
    async join(roomId) {
      const answer = await request('room:join', { roomId });
      if (!answer?.ok) throw new Error(`room:join refused: ${JSON.stringify(answer)}`);
      this.roomId = roomId;
      if (!observer) ws.mode = 'peek';
    },
    /** Sends and awaits the ack (for setting up only). */
    request,
    /** Sends one message; its ack is counted, not awaited. */
    send(roomId, body, clientId) {
      ws.send(`42${nextAck++}${JSON.stringify(['message:send', { roomId, body, clientId }])}`);
    },
    close: () => ws.close(),
  };
}
