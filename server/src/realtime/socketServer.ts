import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AuthService } from '../domain/authService';
import type { SessionEvents } from '../domain/sessionEvents';
import { EndedSessions } from './endedSessions';
import type { OriginPolicy } from '../edge/originPolicy';
import { ErrorCodes, type ClientToServerEvents, type PublicUser, type ServerToClientEvents } from '@cohort/shared';
import { presentUser } from '../domain/presenters';
import type { Logger } from '../logger';
import { cookieValue, SESSION_COOKIE } from '../edge/sessionCredentials';

export interface SocketData {
  user: PublicUser;
  sessionId: string;
}

/** A connection as the gateways see it: the shared event maps type every `on` and `emit`. */
export type CohortSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type CohortIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** Every authenticated socket joins this Socket.io room: for events that go to everyone signed in. */
export const EVERYONE_ROOM = 'everyone';
/** Each user's sockets (all tabs) join `user:<id>`: for events meant for one person. */
export const userRoom = (userId: string) => `user:${userId}`;
/** Each socket also joins `session:<id>`, so an ended session's sockets can be found and closed. */
const sessionRoom = (sessionId: string) => `session:${sessionId}`;

/**
 * Socket.io on the hub's HTTP server. The handshake is authenticated (auth.token or the session cookie);
 * a refused connection gets a connect_error whose message is `unauthorized`, one opened by a page of an
 * untrusted origin (any transport) `forbidden_origin`. Connection-state recovery lets a client that drops
 * briefly get the events it missed; it re-runs the checks, so an ended session cannot come back through
 * it. When a session ends (logout, password change) its sockets on this process are closed.
 */
export function createSocketServer(
  httpServer: http.Server,
  deps: { auth: AuthService; origins: OriginPolicy; sessionEvents: SessionEvents; logger: Logger },
): CohortIo {
  const ended = new EndedSessions(deps.sessionEvents);
  const io: CohortIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Chat payloads are small; a larger frame is a misbehaving client and only costs that one connection.
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: false },
  });

  io.use((socket, next) => {
    const { origin, host } = socket.handshake.headers;
    if (origin !== undefined && !deps.origins.allows(origin, host)) {
      const err = new Error(ErrorCodes.forbiddenOrigin) as Error & { data?: unknown };
      err.data = { code: ErrorCodes.forbiddenOrigin, message: 'This page\'s origin is not trusted by the hub (see ALLOWED_ORIGINS)' };
      return next(err);
    }
    next();
  });

  io.use((socket, next) => {
    const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const token = typeof fromAuth === 'string' && fromAuth ? fromAuth : cookieValue(socket.handshake.headers.cookie, SESSION_COOKIE);
    deps.auth
      .authenticate(token)
      .then(({ user, session }) => {
        socket.data.user = presentUser(user);
        socket.data.sessionId = session.id;
        next();
      })
      .catch(() => {
        const err = new Error(ErrorCodes.unauthorized) as Error & { data?: unknown };
        err.data = { code: ErrorCodes.unauthorized, message: 'Sign in first: the token is missing, invalid or expired' };
        next(err);
      });
  });

  io.on('connection', (socket) => {
    if (!socket.recovered) {
      void socket.join([EVERYONE_ROOM, userRoom(socket.data.user.id), sessionRoom(socket.data.sessionId)]);
    }
    if (ended.has(socket.data.sessionId)) return void socket.disconnect(true);
    socket.on('error', (err) => deps.logger.warn({ err, userId: socket.data.user?.id }, 'socket error'));
  });

  // Local only: with Redis every process hears the same revocation and closes its own sockets.
  // The bus lives as long as this hub, like the server: nothing to unsubscribe.
  deps.sessionEvents.on(({ sessionIds }) => {
    for (const id of sessionIds) io.local.in(sessionRoom(id)).disconnectSockets(true);
  });

  return io;
}
