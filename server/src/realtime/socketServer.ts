import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { AuthService } from '../domain/authService';
import { ErrorCodes, type PublicUser } from '@cohort/shared';
import { presentUser } from '../domain/presenters';
import type { Logger } from '../logger';
import { cookieValue, SESSION_COOKIE } from '../http/requestAuth';

export interface SocketData {
  user: PublicUser;
  sessionId: string;
}

export type CohortSocket = Socket<Record<string, (...args: any[]) => void>, Record<string, (...args: any[]) => void>, Record<string, never>, SocketData>;
export type CohortIo = Server<Record<string, (...args: any[]) => void>, Record<string, (...args: any[]) => void>, Record<string, never>, SocketData>;

/** Every authenticated socket joins this Socket.io room: for events that go to everyone signed in. */
export const EVERYONE_ROOM = 'everyone';
/** Each user's sockets (all tabs) join `user:<id>`: for events meant for one person. */
export const userRoom = (userId: string) => `user:${userId}`;

/**
 * Socket.io on the hub's HTTP server. The handshake is authenticated (auth.token or the session cookie);
 * a refused connection gets a connect_error whose message is `unauthorized`. Connection-state recovery
 * lets a client that drops briefly get the events it missed.
 */
export function createSocketServer(httpServer: http.Server, deps: { auth: AuthService; logger: Logger }): CohortIo {
  const io: CohortIo = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    // Chat payloads are small; a larger frame is a misbehaving client and only costs that one connection.
    maxHttpBufferSize: 64 * 1024,
    connectionStateRecovery: { maxDisconnectionDuration: 2 * 60_000, skipMiddlewares: true },
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
      void socket.join([EVERYONE_ROOM, userRoom(socket.data.user.id)]);
    }
    socket.on('error', (err) => deps.logger.warn({ err, userId: socket.data.user?.id }, 'socket error'));
  });

  return io;
}
