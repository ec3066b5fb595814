import { mongo } from 'mongoose';

/**
 * Binary fields come back from lean queries as BSON Binary, not Buffer; the ports promise plain copies that
 * the caller may keep or mutate without touching driver memory.
 */
export function bytesOf(value: Uint8Array | mongo.Binary): Uint8Array {
  const view = value instanceof mongo.Binary ? value.read(0, value.length()) : value;
  return new Uint8Array(view);
}

/** A Buffer over the same bytes, for writing. */
export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
