import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { toError } from '../../toError';
import { MalformedMessage } from './yjsMessages';

/** Largest awareness state (JSON) one client may publish: cursors and a name, not documents. */
export const MAX_AWARENESS_STATE_BYTES = 16 * 1024;

export interface VerifiedUser {
  id: string;
  name: string;
}

/** Decides whether this connection may speak for a Yjs client id (claiming it when it is free). */
export type ClientIdClaim = (clientId: number) => boolean;

const COLOR = /^#[0-9a-fA-F]{3,8}$/;

/**
 * Rewrites a client's awareness update so every state it publishes carries the server-verified user:
 * `user.id` and `user.name` are replaced (a client cannot pose as someone else), `user.color` is kept when it
 * is a hex colour, the rest of the state (cursor, selection) passes through. Entries for client ids the
 * connection may not speak for, oversized states and states that are not JSON objects are dropped.
 * Returns null when nothing is left. Throws MalformedMessage when the update cannot be read.
 */
export function rewriteAwarenessUpdate(update: Uint8Array, user: VerifiedUser, claim: ClientIdClaim): Uint8Array | null {
  const entries: Array<{ clientId: number; clock: number; json: string }> = [];
  try {
    const decoder = decoding.createDecoder(update);
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder);
      const clock = decoding.readVarUint(decoder);
      const json = decoding.readVarString(decoder);
      if (json.length > MAX_AWARENESS_STATE_BYTES || !claim(clientId)) continue;
      const state: unknown = JSON.parse(json);
      if (state === null) {
        entries.push({ clientId, clock, json: 'null' });
        continue;
      }
      if (typeof state !== 'object' || Array.isArray(state)) continue;
      const given = (state as { user?: unknown }).user;
      const color = typeof given === 'object' && given !== null ? (given as { color?: unknown }).color : undefined;
      const verified: Record<string, string> = { id: user.id, name: user.name };
      if (typeof color === 'string' && COLOR.test(color)) verified.color = color;
      entries.push({ clientId, clock, json: JSON.stringify({ ...state, user: verified }) });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessage('trailing bytes after the awareness update');
  } catch (err) {
    if (err instanceof MalformedMessage) throw err;
    throw new MalformedMessage(`invalid awareness update: ${toError(err).message}`);
  }
  if (entries.length === 0) return null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(encoder, e.clientId);
    encoding.writeVarUint(encoder, e.clock);
    encoding.writeVarString(encoder, e.json);
  }
  return encoding.toUint8Array(encoder);
}
