import WebSocket from 'ws';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { SocketEvents } from '@cohort/shared';
import type { Socket } from 'socket.io-client';
import { createRoom, joinedSocket, send } from '../helpers/chat';
import { api, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import { connectDoc, createNotebook, yjsBase } from '../helpers/yjsClient';
import { eventually } from '../helpers/eventually';

/** mulberry32: a small seeded generator, so a failure names the seed that reproduces it. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['roomId', 'body', 'clientId', 'messageId', 'typing', 'emoji', 'afterId', 'limit', 'threadId', '__proto__', 'constructor', 'prototype', 'toString', '', '💥', '房间'];
const STRINGS = ['', ' ', 'x', '\u0000', '\uFFFF', '\uD800', '中文消息', 'a'.repeat(5000), '../../etc/passwd', '{"$gt":""}', '<script>alert(1)</script>', '%ff', '01J0000000000000000000000'];

/** A random JSON-ish value: nested objects and arrays, odd keys, odd numbers and strings, non-JSON leaves. */
function randomValue(next: () => number, depth = 0): unknown {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const kind = Math.floor(next() * (depth > 3 ? 6 : 9));
  switch (kind) {
    case 0: return null;
    case 1: return next() < 0.5;
    case 2: return pick([0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, NaN, Infinity]);
    case 3: return pick(STRINGS);
    case 4: return undefined;
    case 5: return Buffer.from([Math.floor(next() * 256), 0, 255]);
    case 6:
    case 7: {
      const obj: Record<string, unknown> = {};
      const n = Math.floor(next() * 5);
      // Own properties, as JSON.parse makes them: `__proto__` is a key here, not the prototype.
      for (let i = 0; i < n; i++) Object.defineProperty(obj, pick(KEYS), { value: randomValue(next, depth + 1), enumerable: true, writable: true, configurable: true });
      return obj;
    }
    default: return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth + 1));
  }
}

const E = SocketEvents;
/** Every client -> server event (each answers through its ack). */
const CLIENT_EVENTS = [E.roomJoin, E.roomLeave, E.roomRead, E.roomResync, E.messageSend, E.messageEdit, E.messageDelete, E.messageReact, E.typing, E.threadWatch, E.threadUnwatch];

describe('seeded fuzz of the realtime entry points: nothing a client sends breaks the hub or other clients', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { CHAT_SEND_BURST: '100000', CHAT_SEND_PER_SECOND: '100000' } });
  });
  afterAll(async () => hub?.destroy());

  test.each([1, 2, 3])('socket.io events with random payloads (seed %i): every ack is the contract’s shape; a bystander keeps chatting', async (seed) => {
    const next = rng(seed);
    const fuzzer = await registerUser(hub);
    const bystander = await registerUser(hub);
    const room = await createRoom(hub, bystander);
    const watching: Socket = await joinedSocket(hub, bystander, room.id);
    const attacker: Socket = await joinedSocket(hub, fuzzer, room.id);
    try {
      for (let i = 0; i < 150; i++) {
        const event = CLIENT_EVENTS[Math.floor(next() * CLIENT_EVENTS.length)]!;
        const payload = next() < 0.15 ? { roomId: room.id, ...(randomValue(next) as object) } : randomValue(next);
        const answer = await attacker.timeout(10_000).emitWithAck(event, payload);
        expect(typeof answer).toBe('object');
        if (answer.ok === false) {
          expect([event, typeof answer.error.code, typeof answer.error.message]).toEqual([event, 'string', 'string']);
          expect(answer.error.code).not.toBe('internal_error');
        } else expect(answer.ok).toBe(true);
        // Events without an ack, and with extra arguments, must not break anything either.
        if (i % 10 === 0) attacker.emit(event, payload, randomValue(next));
      }
      expect(attacker.connected).toBe(true);
      const after = await send(watching, room.id, `after fuzz seed ${seed}`);
      expect(after.body).toBe(`after fuzz seed ${seed}`);
    } finally {
      attacker.close();
      watching.close();
    }
    expect((await api(hub, 'GET', '/api/health')).body.status).toBe('ok');
  });

  test.each([11, 12])('Yjs frames, random and mutated (seed %i): bad ones close only their socket; the document and its editors are unharmed', async (seed) => {
    const next = rng(seed);
    const owner = await registerUser(hub);
    const notebook = await createNotebook(hub, owner.token);
    const editor = await connectDoc(hub, owner.token, notebook.docName);
    try {
      editor.source().insert(0, '基线 baseline');
      await eventually(async () => ((await api(hub, 'GET', `/api/notebooks/${notebook.id}/export?format=md`, { token: owner.token })).body.includes('基线 baseline') ? true : undefined), 'the baseline to be stored', 15_000);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < 40; i++) {
        const kind = Math.floor(next() * 5);
        if (kind === 0) frames.push(Uint8Array.from({ length: Math.floor(next() * 64) }, () => Math.floor(next() * 256)));
        else if (kind === 4) {
          // A real update of another document, with a few bytes flipped, as a sync "update" message. (It
          // stays out of `cells`: a well-formed edit there is an editor's right, not a malformed frame.)
          const other = new Y.Doc();
          other.getText('x').insert(0, `mutant ${i}`);
          const update = Y.encodeStateAsUpdate(other);
          for (let f = 0; f < 1 + Math.floor(next() * 3); f++) {
            const at = Math.floor(next() * update.length);
            update[at] = update[at]! ^ (1 << Math.floor(next() * 8));
          }
          const enc = encoding.createEncoder();
          encoding.writeVarUint(enc, 0);
          encoding.writeVarUint(enc, 2);
          encoding.writeVarUint8Array(enc, update);
          frames.push(encoding.toUint8Array(enc));
        } else {
          // A sync, awareness or unknown message type with a random payload.
          const enc = encoding.createEncoder();
          encoding.writeVarUint(enc, kind === 1 ? 0 : kind === 2 ? 1 : Math.floor(next() * 6));
          encoding.writeVarUint(enc, Math.floor(next() * 4));
          encoding.writeVarUint8Array(enc, Uint8Array.from({ length: Math.floor(next() * 48) }, () => Math.floor(next() * 256)));
          frames.push(encoding.toUint8Array(enc));
        }
      }
      for (const frame of frames) {
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(`${yjsBase(hub)}/${notebook.docName}?token=${owner.token}`);
          ws.on('open', () => {
            ws.send(frame);
            // Either the hub closes the socket for a malformed frame, or it ignores/answers it: both are fine.
            setTimeout(() => ws.close(), 50);
          });
          ws.on('close', () => resolve());
          ws.on('error', () => resolve());
        });
        if (next() < 0.1) {
          // Text frames are not part of the protocol.
          await new Promise<void>((resolve) => {
            const ws = new WebSocket(`${yjsBase(hub)}/${notebook.docName}?token=${owner.token}`);
            ws.on('open', () => ws.send(JSON.stringify(randomValue(next)) ?? 'undefined'));
            ws.on('close', () => resolve());
            ws.on('error', () => resolve());
          });
        }
      }
      // The honest editor is still connected and still syncing; the stored document holds its text.
      expect(editor.provider.wsconnected).toBe(true);
      editor.source().insert(editor.source().length, ' 之后 after');
      const second = await connectDoc(hub, owner.token, notebook.docName);
      try {
        await eventually(async () => (second.source().toString().includes('之后 after') ? true : undefined), 'a fresh client to see the editor’s text', 15_000);
        expect(second.source().toString()).toContain('基线 baseline');
      } finally {
        second.destroy();
      }
    } finally {
      editor.destroy();
    }
    expect((await api(hub, 'GET', '/api/health')).body.status).toBe('ok');
  });
});
