// A minimal WebSocket client for load generation (RFC 6455 over node:net), so that hundreds of simulated
// users cost the client process little and the server, not the clients, is what saturates.
//
// Two ways to read: `full` hands every message to onMessage (as Buffer); `peek` hands only the first PEEK
// bytes of each message to onPeek without keeping the rest, which is how a load client counts and
// classifies what it receives (a Socket.io packet type, a Yjs message type, the id of an update's author)
// at a fraction of a real client's cost. The server does the same work either way: it cannot tell.
// Control frames (ping, close) are always handled in full. Frames are masked with a zero key: still a
// masked frame as the protocol requires, at no cost to mask. No fragmentation, no extensions.
import crypto from 'node:crypto';
import net from 'node:net';

export const PEEK = 64;

const OP_TEXT = 1;
const OP_BINARY = 2;
const OP_CLOSE = 8;
const OP_PING = 9;
const OP_PONG = 10;

/** Opens a WebSocket to ws://host:port/path; resolves once the server has answered 101. */
export function openRawWebSocket(url, { headers = {}, timeoutMs = 30_000 } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const ws = new RawWebSocket();
    // `onread` reads into one buffer per connection, reused: no allocation and no stream machinery per read,
    // which is most of what receiving costs a Node client. So nothing may keep a view into it (see #dispatch).
    const readBuffer = Buffer.allocUnsafe(64 * 1024);
    const socket = net.connect({ host: u.hostname, port: Number(u.port), noDelay: true, onread: { buffer: readBuffer, callback: (n, buf) => void ws.feed(buf.subarray(0, n)) } });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`websocket open timed out: ${url}`));
    }, timeoutMs);
    const key = crypto.randomBytes(16).toString('base64');
    socket.once('connect', () => {
      const lines = [
        `GET ${u.pathname}${u.search} HTTP/1.1`,
        `Host: ${u.host}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ];
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    ws.attach(socket, (status) => {
      clearTimeout(timer);
      if (/^HTTP\/1\.1 101/.test(status)) resolve(ws);
      else {
        socket.destroy();
        reject(new Error(`websocket upgrade refused: ${status}`));
      }
    });
  });
}

export class RawWebSocket {
  /** 'full' or 'peek' (see the top of this file); switchable at any time. */
  mode = 'full';
  /** (payload: Buffer, isText) in full mode; the buffer is the caller's to keep. */
  onMessage = () => {};
  /** (head: Buffer, isText, length) in peek mode; `head` is reused by the next frame: read it, do not keep it. */
  onPeek = () => {};
  onClose = () => {};
  closed = false;
  bytesIn = 0;

  #socket;
  #handshake = null; // bytes of the HTTP answer until its end, then null
  #onUpgraded;
  #state = 0; // 0: header, 1: payload
  #hdr = Buffer.alloc(14);
  #hdrFill = 0;
  #opcode = 0;
  #remaining = 0;
  #length = 0;
  #keep = 0; // bytes of this payload to keep
  #kept = null;
  #keptLen = 0;
  #peek = Buffer.alloc(PEEK);

  attach(socket, onUpgraded) {
    this.#socket = socket;
    this.#handshake = Buffer.alloc(0);
    this.#onUpgraded = onUpgraded;
    socket.on('error', () => {});
    socket.on('close', () => {
      if (this.closed) return;
      this.closed = true;
      this.onClose();
    });
  }

  send(data) {
    if (this.closed) return;
    const text = typeof data === 'string';
    const payload = text ? Buffer.from(data) : data;
    const n = payload.length;
    const ext = n < 126 ? 0 : n < 65536 ? 2 : 8;
    const frame = Buffer.allocUnsafe(2 + ext + 4 + n);
    frame[0] = 0x80 | (text ? OP_TEXT : OP_BINARY);
    if (ext === 0) frame[1] = 0x80 | n;
    else if (ext === 2) {
      frame[1] = 0x80 | 126;
      frame.writeUInt16BE(n, 2);
    } else {
      frame[1] = 0x80 | 127;
      frame.writeBigUInt64BE(BigInt(n), 2);
    }
    frame.writeUInt32BE(0, 2 + ext); // the zero mask key
    frame.set(payload, 6 + ext);
    this.#socket.write(frame);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    // A close frame (1000), then the TCP end; the server's answer is not awaited.
    this.#control(OP_CLOSE, Buffer.from([0x03, 0xe8]));
    this.#socket.end();
    setTimeout(() => this.#socket.destroy(), 1000).unref();
  }

  /** Parses incoming bytes; `chunk` is only valid during this call. */
  feed(chunk) {
    this.bytesIn += chunk.length;
    let i = 0;
    if (this.#handshake) {
      this.#handshake = Buffer.concat([this.#handshake, chunk]);
      const end = this.#handshake.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = this.#handshake;
      this.#handshake = null;
      this.#onUpgraded(head.subarray(0, head.indexOf('\r\n')).toString());
      // Frames that came with the 101 follow once the caller attached its handlers.
      const rest = Buffer.from(head.subarray(end + 4));
      if (rest.length > 0) queueMicrotask(() => this.feed(rest));
      return;
    }
    const n = chunk.length;
    while (i < n) {
      if (this.#state === 0) {
        this.#hdr[this.#hdrFill++] = chunk[i++];
        if (this.#hdrFill < 2) continue;
        const len7 = this.#hdr[1] & 0x7f;
        const need = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (this.#hdr[1] & 0x80 ? 4 : 0);
        if (this.#hdrFill < need) continue;
        if ((this.#hdr[0] & 0x80) === 0) throw new Error('fragmented frames are not supported by this client');
        this.#opcode = this.#hdr[0] & 0x0f;
        this.#length = len7 === 126 ? this.#hdr.readUInt16BE(2) : len7 === 127 ? Number(this.#hdr.readBigUInt64BE(2)) : len7;
        this.#remaining = this.#length;
        this.#hdrFill = 0;
        const whole = this.#opcode >= 8 || this.mode === 'full';
        this.#keep = whole ? this.#length : Math.min(PEEK, this.#length);
        this.#kept = whole ? Buffer.allocUnsafe(this.#length) : this.#peek;
        this.#keptLen = 0;
        if (this.#remaining === 0) this.#dispatch();
        else this.#state = 1;
      } else {
        const take = Math.min(this.#remaining, n - i);
        const want = this.#keep - this.#keptLen;
        if (want > 0) {
          const k = Math.min(want, take);
          chunk.copy(this.#kept, this.#keptLen, i, i + k);
          this.#keptLen += k;
        }
        i += take;
        this.#remaining -= take;
        if (this.#remaining === 0) {
          this.#state = 0;
          this.#dispatch();
        }
      }
    }
  }

  #dispatch() {
    const op = this.#opcode;
    const kept = this.#kept.subarray(0, this.#keptLen);
    if (op === OP_PING) return this.#control(OP_PONG, kept);
    if (op === OP_PONG) return;
    if (op === OP_CLOSE) {
      if (!this.closed) {
        this.#control(OP_CLOSE, kept.subarray(0, 2));
        this.closed = true;
        this.#socket.end();
        this.onClose(kept.length >= 2 ? kept.readUInt16BE(0) : 1005);
      }
      return;
    }
    if (this.#keep === this.#length && this.#kept !== this.#peek) this.onMessage(kept, op === OP_TEXT);
    else this.onPeek(kept, op === OP_TEXT, this.#length);
  }

  #control(op, payload) {
    if (this.#socket.destroyed) return;
    const frame = Buffer.alloc(6 + payload.length);
    frame[0] = 0x80 | op;
    frame[1] = 0x80 | payload.length;
    frame.set(payload, 6);
    this.#socket.write(frame);
  }
}
