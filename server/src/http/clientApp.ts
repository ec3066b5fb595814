import { Router } from 'express';
import { ErrorCodes } from '@cohort/shared';
import path from 'node:path';
import { AppError } from '../domain/errors';
import { fileUnder, sendNegotiated } from './precompressedFiles';

/** Hashed build output: a changed file gets a new name, so a copy may be kept for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes: revalidate it every time, so a deploy shows at once. */
const REVALIDATE = 'no-cache';

const NOT_CLIENT = /^\/(?:api|socket\.io|yjs)(?:\/|$)/;

/**
 * Serves the built React client at `/`, with index.html for every non-API path so client-side routes
 * survive a reload. Each file goes out as the build's brotli or gzip copy when the client accepts one (see
 * precompressedFiles.ts). Hashed assets are cached for a year; index.html is revalidated every time.
 */
export function clientApp(clientDir: string): Router {
  const router = Router();
  const indexFile = path.resolve(clientDir, 'index.html');
  router.use((req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || NOT_CLIENT.test(req.path)) return next();
    const file = fileUnder(clientDir, req.path);
    if (file) {
      const asset = req.path.startsWith('/assets/');
      sendNegotiated(req, res, next, file, asset ? IMMUTABLE : file === indexFile ? REVALIDATE : 'public, max-age=0');
      return;
    }
    // A missing hashed asset is a 404, not the app: a stale page asking for an old chunk must see it fail.
    if (req.path.startsWith('/assets/')) return next(new AppError(404, ErrorCodes.notFound, 'Not found'));
    next();
  });
  router.get(/^\/(?!api\/|api$|socket\.io\/|yjs\/).*/, (req, res, next) => {
    if (!fileUnder(clientDir, '/index.html')) {
      res.status(503).type('text/plain').send('The web client is not built yet: run `npm start` (it builds it) or `npm run build`.');
      return;
    }
    sendNegotiated(req, res, next, indexFile, REVALIDATE);
  });
  return router;
}
