import type { NextFunction, Request, Response } from 'express';
import Negotiator from 'negotiator';
import fs from 'node:fs';
import path from 'node:path';

/** The copies a build may write beside a file, by the Content-Encoding that names them. */
const VARIANTS = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** At equal quality the smaller wins: brotli, then gzip, then the file as it is. */
const PREFERRED = ['br', 'gzip', 'identity'];

// negotiator 1.x breaks ties by the server's order (`preferred`); its @types still describe 0.6.
type EncodingNegotiator = { encodings(available: readonly string[], options: { preferred: readonly string[] }): string[] };

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * Which copy of `file` to send: the precompressed one the client accepts best (never one it gave q=0),
 * else the file itself. Looked up on each request, so a rebuild under a running hub is served at once.
 */
export function chooseVariant(req: Request, file: string): { file: string; encoding: string | null } {
  const present = VARIANTS.filter((v) => isFile(file + v.suffix));
  if (present.length === 0) return { file, encoding: null };
  const accepted = (new Negotiator(req) as unknown as EncodingNegotiator).encodings([...present.map((v) => v.encoding), 'identity'], { preferred: PREFERRED });
  const best = present.find((v) => v.encoding === accepted[0]);
  return best ? { file: file + best.suffix, encoding: best.encoding } : { file, encoding: null };
}

/**
 * Sends `file` (an existing file) as negotiated: Content-Type of the original, Content-Encoding of the copy
 * sent and its Content-Length, `Vary: Accept-Encoding`, the given Cache-Control, ETag and Last-Modified of
 * the copy (so each encoding validates on its own). HEAD gets the same headers without a body.
 */
export function sendNegotiated(req: Request, res: Response, next: NextFunction, file: string, cacheControl: string): void {
  const chosen = chooseVariant(req, file);
  res.vary('Accept-Encoding');
  res.type(path.extname(file));
  res.setHeader('Cache-Control', cacheControl);
  if (chosen.encoding) res.setHeader('Content-Encoding', chosen.encoding);
  res.sendFile(chosen.file, { cacheControl: false, dotfiles: 'allow' }, (err) => {
    if (err && !res.headersSent) next(err);
  });
}

/**
 * The file under `root` that a URL path names, or null: only existing regular files, never outside the
 * root, never a dotfile (as express.static ignores them).
 */
export function fileUnder(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.length === 0 || segments.some((s) => s.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (!file.startsWith(base + path.sep)) return null;
  return isFile(file) ? file : null;
}
