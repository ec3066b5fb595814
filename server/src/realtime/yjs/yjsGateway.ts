import type http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { notebookIdOf } from '@cohort/shared';
import type { AuthService } from '../../domain/authService';
import type { SessionEvents } from '../../domain/sessionEvents';
import type { OriginPolicy } from '../../edge/originPolicy';
import { EndedSessions } from '../endedSessions';
import type { NotebookEvents } from '../../domain/notebookEvents';
import type { NotebookService } from '../../domain/notebookService';
import { mayReadNotebook } from '../../domain/policies';
import { tokenOf } from '../../edge/sessionCredentials';
import type { Logger } from '../../logger';
import type { DocumentRoom } from '../../documents/documentRoom';
import type { DocumentRooms } from '../../documents/documentRooms';
import { CloseCodes, type RoomConnection } from './roomConnection';

export const YJS_PATH_PREFIX = '/yjs/';

export interface YjsGatewayDeps {
  auth: AuthService;
  /** Browser pages of other origins never get a socket (their cookie would act as the user). */
  origins: OriginPolicy;
  /** Ended sessions: their sockets close (4401). */
  sessionEvents: SessionEvents;
  notebooks: Pick<NotebookService, 'roleOf'>;
  events: NotebookEvents;
  rooms: DocumentRooms;
  logger: Logger;
  /** Largest update a client may send; frames a little larger still get a clear 4413, far larger ones a 1009. */
  maxUpdateBytes: number;
}

export interface YjsGateway {
  /** Closes every connection (1001), then flushes and unloads every document. */
  close(): Promise<void>;
}

/** Frames a connection may send before it is authorized and attached; more is not a real client. */
const MAX_EARLY_FRAMES = 64;
/** A client that does not read its socket gets cut off rather than grow our memory without end. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
const HEARTBEAT_MS = 30_000;

interface Live {
  ws: WebSocket;
  conn: RoomConnection;
  notebookId: string;
  /** Bumped per access re-check, so a slow older answer never overrides a newer one. */
  check: number;
}

/**
 * The y-websocket endpoint `/yjs/<docName>` on the hub's HTTP server: authenticates each socket (token query
 * parameter, bearer header or session cookie), checks the caller's role on the notebook, and hands the
 * socket to the document's room. Other upgrade paths (Socket.io) are left alone. Role and visibility changes
 * apply to open sockets at once.
 */
export function attachYjsGateway(server: http.Server, deps: YjsGatewayDeps): YjsGateway {
  const { logger } = deps;
  const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: deps.maxUpdateBytes + 1024 * 1024 });
  const byNotebook = new Map<string, Set<Live>>();
  /** Per notebook, how many access changes happened: a connection compares before and after its lookup. */
  const accessEpoch = new Map<string, number>();
  /** Open sockets by session, so a logout closes them. */
  const bySession = new Map<string, Set<WebSocket>>();
  const ended = new EndedSessions(deps.sessionEvents);
  const offSessions = deps.sessionEvents.on(({ sessionIds }) => {
    for (const id of sessionIds) for (const ws of bySession.get(id) ?? []) closeWs(ws, CloseCodes.unauthorized, 'session ended');
  });
  let nextId = 1;
  let stopping = false;

  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    const pathname = (req.url ?? '').split('?')[0] ?? '';
    if (!pathname.startsWith(YJS_PATH_PREFIX)) return;
    if (stopping) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    socket.on('error', (err) => logger.debug({ err }, 'yjs upgrade socket error'));
    const origin = req.headers.origin;
    if (origin !== undefined && !deps.origins.allows(origin, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 16\r\n\r\nforbidden_origin');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      accept(ws, req, pathname).catch((err: unknown) => {
        logger.error({ err }, 'yjs connection setup failed');
        closeWs(ws, CloseCodes.internalError, 'internal error');
      });
    });
  };
  server.on('upgrade', onUpgrade);

  async function accept(ws: WebSocket, req: http.IncomingMessage, pathname: string): Promise<void> {
    ws.on('error', (err) => logger.debug({ err }, 'yjs socket error'));
    // Frames that arrive while we authorize are kept and replayed in order once the socket is attached.
    const early: Array<{ data: RawData; isBinary: boolean }> = [];
    let deliver: ((data: RawData, isBinary: boolean) => void) | undefined;
    ws.on('message', (data, isBinary) => {
      if (deliver) return deliver(data, isBinary);
      if (early.push({ data, isBinary }) > MAX_EARLY_FRAMES) closeWs(ws, CloseCodes.malformed, 'too many messages before sync');
    });
    let alive = true;
    ws.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, HEARTBEAT_MS);
    heartbeat.unref();
    ws.once('close', () => clearInterval(heartbeat));

    const url = new URL(req.url ?? '/', 'http://hub.invalid');
    const token = url.searchParams.get('token') || tokenOf(req.headers);
    let user;
    let sessionId: string;
    try {
      ({ user, session: { id: sessionId } } = await deps.auth.authenticate(token));
    } catch {
      return closeWs(ws, CloseCodes.unauthorized, 'unauthorized');
    }
    const sockets = bySession.get(sessionId) ?? new Set<WebSocket>();
    bySession.set(sessionId, sockets);
    sockets.add(ws);
    ws.once('close', () => {
      sockets.delete(ws);
      if (sockets.size === 0 && bySession.get(sessionId) === sockets) bySession.delete(sessionId);
    });
    if (ended.has(sessionId)) return closeWs(ws, CloseCodes.unauthorized, 'session ended');
    let docName: string;
    try {
      docName = decodeURIComponent(pathname.slice(YJS_PATH_PREFIX.length));
    } catch {
      docName = '';
    }
    const notebookId = notebookIdOf(docName);
    if (!notebookId) return closeWs(ws, CloseCodes.forbidden, 'no such document');
    const epoch = accessEpoch.get(notebookId) ?? 0;
    const role = await deps.notebooks.roleOf(notebookId, user.id);
    if (!mayReadNotebook(role)) return closeWs(ws, CloseCodes.forbidden, 'forbidden');
    if (ws.readyState !== WebSocket.OPEN) return;

    let room: DocumentRoom;
    try {
      room = await deps.rooms.acquire(docName);
    } catch (err) {
      logger.error({ err, docName }, 'yjs document could not be loaded');
      return closeWs(ws, CloseCodes.internalError, 'document unavailable');
    }
    if (ws.readyState !== WebSocket.OPEN) return deps.rooms.release(docName);

    const conn: RoomConnection = {
      id: nextId++,
      user: { id: user.id, name: user.displayName },
      role,
      send(frame) {
        if (ws.readyState !== WebSocket.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES) return closeWs(ws, 1013, 'client too slow');
        ws.send(frame);
      },
      close: (code, reason) => closeWs(ws, code, reason),
    };
    if (!room.join(conn)) {
      deps.rooms.release(docName);
      return closeWs(ws, CloseCodes.tooManyClients, 'too many clients on this document');
    }
    const live: Live = { ws, conn, notebookId, check: 0 };
    let set = byNotebook.get(notebookId);
    if (!set) byNotebook.set(notebookId, (set = new Set()));
    set.add(live);
    ws.once('close', () => {
      room.leave(conn);
      deps.rooms.release(docName);
      const peers = byNotebook.get(notebookId);
      peers?.delete(live);
      if (peers?.size === 0) byNotebook.delete(notebookId);
    });

    deliver = (data, isBinary) => {
      if (!isBinary) return closeWs(ws, CloseCodes.malformed, 'text frames are not part of the protocol');
      room.receive(conn, toBytes(data));
    };
    for (const { data, isBinary } of early.splice(0)) deliver(data, isBinary);
    // Access changed while we looked the role up: look again, now that the socket is findable.
    if ((accessEpoch.get(notebookId) ?? 0) !== epoch) void recheck(live);
  }

  async function recheck(live: Live): Promise<void> {
    const check = ++live.check;
    let role;
    try {
      role = await deps.notebooks.roleOf(live.notebookId, live.conn.user.id);
    } catch (err) {
      logger.error({ err, notebookId: live.notebookId }, 'yjs access re-check failed; closing the connection');
      return live.conn.close(CloseCodes.internalError, 'access check failed');
    }
    if (check !== live.check) return;
    if (!mayReadNotebook(role)) return live.conn.close(CloseCodes.forbidden, 'access revoked');
    live.conn.role = role;
  }

  const offAccess = deps.events.on(({ notebookId, userId, role }) => {
    accessEpoch.set(notebookId, (accessEpoch.get(notebookId) ?? 0) + 1);
    for (const live of byNotebook.get(notebookId) ?? []) {
      if (userId !== undefined && live.conn.user.id !== userId) continue;
      if (userId !== undefined && role !== undefined) {
        // The new role is known: apply it now, so no write slips through after the change was answered.
        live.check++;
        if (!mayReadNotebook(role)) live.conn.close(CloseCodes.forbidden, 'access revoked');
        else live.conn.role = role;
      } else void recheck(live);
    }
  });

  return {
    async close() {
      stopping = true;
      offAccess();
      offSessions();
      ended.close();
      server.off('upgrade', onUpgrade);
      const sockets = [...wss.clients];
      const closed = sockets.map((ws) => new Promise<void>((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve() : ws.once('close', () => resolve()))));
      for (const ws of sockets) closeWs(ws, CloseCodes.goingAway, 'server shutting down');
      // A peer that does not answer the closing handshake is cut after a short grace.
      const grace = setTimeout(() => sockets.forEach((ws) => ws.terminate()), 2000);
      await Promise.all(closed);
      clearTimeout(grace);
      wss.close();
      await deps.rooms.closeAll();
    },
  };
}

function closeWs(ws: WebSocket, code: number, reason: string): void {
  if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(code, reason);
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
