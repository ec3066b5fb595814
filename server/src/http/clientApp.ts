import express, { Router } from 'express';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Serves the built React client at `/`, with index.html for every non-API path so client-side routes
 * survive a reload. Hashed assets are cached for a year; index.html never, so a deploy shows at once.
 */
export function clientApp(clientDir: string): Router {
  const router = Router();
  const indexFile = path.join(clientDir, 'index.html');
  router.use(
    '/assets',
    express.static(path.join(clientDir, 'assets'), { immutable: true, maxAge: '365d', index: false, fallthrough: false }),
  );
  router.use(express.static(clientDir, { index: false, maxAge: 0 }));
  router.get(/^\/(?!api\/|api$|socket\.io\/|yjs\/).*/, (_req, res) => {
    if (!fs.existsSync(indexFile)) {
      res.status(503).type('text/plain').send('The web client is not built yet: run `npm start` (it builds it) or `npm run build`.');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(indexFile);
  });
  return router;
}
