// The baseline: a bare Socket.io server (the hub's own socket.io version, websocket transport) that acks
// and broadcasts to the room, nothing else: no auth, no validation, no storage. The message it broadcasts
// has the hub's shape and size: the bench hands it a message the hub presented (`setTemplate`).
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const require = createRequire(path.join(root, 'server', 'package.json'));

export async function serve() {
  const { Server } = require('socket.io');
  const server = http.createServer();
  const io = new Server(server, { path: '/socket.io', serveClient: false });
  let template = { id: '', roomId: '', body: '', clientId: '', createdAt: '' };
  let seq = 0;
  io.on('connection', (socket) => {
    socket.on('room:join', (payload, ack) => {
      socket.join(payload.roomId);
      if (typeof ack === 'function') ack({ ok: true });
    });
    socket.on('message:send', (payload, ack) => {
      const message = { ...template, id: `m${String(++seq).padStart(template.id.length - 1, '0')}`, roomId: payload.roomId, body: payload.body, clientId: payload.clientId, createdAt: new Date().toISOString() };
      io.to(payload.roomId).emit('message:new', { message });
      if (typeof ack === 'function') ack({ ok: true, message });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    info: { url: `http://127.0.0.1:${server.address().port}` },
    setTemplate: (message) => {
      template = message;
      return true;
    },
    stop: () => new Promise((resolve) => io.close(() => resolve())),
  };
}
