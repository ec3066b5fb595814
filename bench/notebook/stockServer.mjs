// The stock y-websocket server, @y/websocket-server (a devDependency), as its README runs it: setupWSConnection
// per socket, no persistence configured (its optional LevelDB is not built here), so it stores nothing.
// Its sockets come from ws 8 (the hub's and Hocuspocus' version) rather than the ws 6 it pins, so that the
// three servers share one WebSocket implementation and differ only in what they do with the frames.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const require = createRequire(path.join(root, 'package.json'));

export async function serve() {
  const { setupWSConnection } = require('@y/websocket-server/utils');
  const { Server: WebSocketServer } = require('ws');
  const server = http.createServer();
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => setupWSConnection(ws, req)));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `ws://127.0.0.1:${server.address().port}`;
  let n = 0;
  return {
    info: { persists: 'nothing (no persistence configured)' },
    async newDocument() {
      const docName = `nb-${++n}`;
      return { url: `${base}/${docName}`, docName, seeded: false };
    },
    stop: async () => {
      for (const ws of wss.clients) ws.terminate();
      await new Promise((r) => server.close(r));
    },
  };
}
