import cookieParser from 'cookie-parser';
import express, { type Express } from 'express';
import { randomUUID } from 'node:crypto';
import { pinoHttp } from 'pino-http';
import type { AuthService } from '../domain/authService';
import type { ConversationService } from '../domain/conversationService';
import type { NotebookService } from '../domain/notebookService';
import type { NotificationService } from '../domain/notificationService';
import type { PeopleDirectory } from '../domain/peopleDirectory';
import type { ProfileService } from '../domain/profileService';
import type { RateLimiter } from '../domain/rateLimiter';
import type { ThreadService } from '../domain/threadService';
import type { OriginPolicy } from '../edge/originPolicy';
import { redactUrl, type Logger } from '../logger';
import { originGuard, wellFormedPath } from './browserGuards';
import type { Store } from '../store/ports';
import { clientApp } from './clientApp';
import { apiNotFound, errorMiddleware } from './errorMiddleware';
import { requireAuth } from './requestAuth';
import { securityHeaders } from './securityHeaders';
import { authRoutes } from './routes/authRoutes';
import { conversationRoutes } from './routes/conversationRoutes';
import { healthRoutes, type EmbeddingHealth } from './routes/healthRoutes';
import { meRoutes } from './routes/meRoutes';
import { notebookRoutes } from './routes/notebookRoutes';
import { notificationRoutes, notificationSettingsRoutes } from './routes/notificationRoutes';
import { openapiRoutes } from './routes/openapiRoutes';
import { peopleRoutes } from './routes/peopleRoutes';
import { roomRoutes, type RoomRouteDeps } from './routes/roomRoutes';
import { semanticRoutes, type SemanticRouteDeps } from './routes/semanticRoutes';
import { threadRoutes } from './routes/threadRoutes';
import { userRoutes } from './routes/userRoutes';

export interface AppDeps {
  logger: Logger;
  store: Store;
  version: string;
  clientDir: string;
  auth: AuthService;
  profiles: ProfileService;
  people: PeopleDirectory;
  conversations: ConversationService;
  authLimiter: RateLimiter;
  embeddings: EmbeddingHealth;
  rooms: RoomRouteDeps;
  threads: ThreadService;
  notebooks: NotebookService;
  notifications: NotificationService;
  semantic: SemanticRouteDeps;
  /** Which browser origins may send cookie-authenticated state changes. */
  origins: OriginPolicy;
  /** Express `trust proxy`; 'loopback' when absent. */
  trustProxy?: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The Express app: JSON API under /api, the web client everywhere else. */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy ?? 'loopback');

  app.use(
    pinoHttp({
      logger: deps.logger,
      genReqId: (req, res) => {
        const incoming = req.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      // Query strings carry tokens and searches; the default serializer would log them in full.
      serializers: { req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), remoteAddress: req.remoteAddress }) },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'info' : 'debug'),
    }),
  );

  app.use(securityHeaders());
  app.use(wellFormedPath);

  const api = express.Router();
  // Before anything reads the body or the session: a forged request must change nothing.
  api.use(originGuard(deps.origins));
  api.use(express.json({ limit: '1mb', strict: false }));
  api.use(cookieParser());
  api.use('/health', healthRoutes({ store: deps.store, version: deps.version, embeddings: deps.embeddings, logger: deps.logger }));
  api.use('/openapi.json', openapiRoutes(deps.version));
  api.use('/auth', authRoutes(deps.auth, deps.authLimiter));
  const signedIn = requireAuth(deps.auth);
  api.use('/me/notification-settings', signedIn, notificationSettingsRoutes(deps.notifications));
  api.use('/notifications', signedIn, notificationRoutes(deps.notifications));
  api.use('/me', signedIn, meRoutes(deps.profiles, deps.auth, deps.authLimiter));
  api.use('/users', signedIn, userRoutes(deps.profiles, deps.people));
  api.use('/people', signedIn, peopleRoutes(deps.people));
  api.use('/rooms', signedIn, roomRoutes(deps.rooms));
  api.use('/conversations', signedIn, conversationRoutes(deps.conversations));
  // Before /threads: it answers /threads/:id/related and lets every other path through.
  api.use(semanticRoutes(deps.semantic, signedIn));
  api.use('/threads', signedIn, threadRoutes(deps.threads));
  api.use('/notebooks', signedIn, notebookRoutes(deps.notebooks));
  api.use(apiNotFound);
  api.use(errorMiddleware(deps.logger));

  app.use('/api', api);
  app.use(clientApp(deps.clientDir));
  app.use(errorMiddleware(deps.logger));
  return app;
}
