import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, loadConfig, type Config } from './config';
import { AuthService } from './domain/authService';
import { AuthorDirectory } from './domain/authorDirectory';
import { ChatService } from './domain/chatService';
import { ConversationService } from './domain/conversationService';
import { ContentEvents } from './domain/contentEvents';
import { PeopleDirectory } from './domain/peopleDirectory';
import { ProfileService } from './domain/profileService';
import { RoomEvents } from './domain/roomEvents';
import { RoomService } from './domain/roomService';
import { NotebookEvents } from './domain/notebookEvents';
import { NotebookService } from './domain/notebookService';
import { ChatEvents } from './domain/chatEvents';
import { NotificationEvents } from './domain/notificationEvents';
import { NotificationService } from './domain/notificationService';
import { followNotificationSources } from './domain/notificationSources';
import { SessionEvents } from './domain/sessionEvents';
import { SessionTokens } from './domain/sessionTokens';
import { OriginPolicy } from './edge/originPolicy';
import { ThreadEvents } from './domain/threadEvents';
import { ThreadService } from './domain/threadService';
import { createApp } from './http/app';
import { createLogger, type Logger } from './logger';
import { attachChatGateway } from './realtime/chatGateway';
import { createSocketServer } from './realtime/socketServer';
import { attachThreadGateway } from './realtime/threadGateway';
import { attachNotificationGateway } from './realtime/notificationGateway';
import { DocumentRooms } from './documents/documentRooms';
import { DocumentEvents } from './documents/documentEvents';
import { NOTEBOOK_DOCUMENT_LIMITS } from './documents/documentLimits';
import { attachYjsGateway } from './realtime/yjs/yjsGateway';
import { openRuntime } from './runtime/openRuntime';
import { EmbeddingService } from './semantic/embedding/embeddingService';
import { createSemanticLayer } from './semantic/semanticLayer';
import { openStore } from './store/openStore';
import type { Store } from './store/ports';

export interface RunningHub {
  /** Base URL, e.g. http://127.0.0.1:3000 */
  url: string;
  port: number;
  server: http.Server;
  store: Store;
  /** Graceful stop: no new connections, pending writes flushed, sockets closed, store closed. */
  stop(): Promise<void>;
}

/**
 * Composition root: config -> store -> runtime -> services -> http/realtime -> listen. Each module logs through
 * its own child of `logger` (the semantic layer names its parts itself).
 */
export async function startHub(config: Config, logger: Logger = createLogger(config.logLevel)): Promise<RunningHub> {
  const store = await openStore(config);
  // One process alone (memory), or several together (REDIS_URL): fan-out, presence, typing, limits, relays, locks.
  const runtime = await openRuntime(config, logger.child({ module: 'scaleout' }));
  const events = new ContentEvents();
  await runtime.relayContent(events);
  const sessionEvents = new SessionEvents();
  await runtime.relaySessions(sessionEvents);
  const origins = OriginPolicy.of(config.allowedOrigins);
  const auth = new AuthService(store, new SessionTokens(config.sessionSecret), config.sessionTtlHours * 3_600_000, sessionEvents);
  const profiles = new ProfileService(store, events);
  const authLimiter = runtime.rateLimiter('auth', { capacity: config.authRateLimitPerMinute, refillPerSecond: config.authRateLimitPerMinute / 60 });
  const embeddings = new EmbeddingService({
    enabled: config.embeddingsEnabled,
    modelId: config.embeddingModel,
    modelsDir: config.modelsDir,
    remoteHost: config.hfRemoteHost,
    logger,
  });
  // The model loads in its own process while the hub already serves; health says 'loading' meanwhile.
  void embeddings.start();
  const authors = new AuthorDirectory(store.users);
  const roomEvents = new RoomEvents();
  const rooms = new RoomService(store, authors, events, roomEvents);
  const chatEvents = new ChatEvents();
  const chat = new ChatService(store, rooms, authors, events, chatEvents);
  const conversations = new ConversationService(store, roomEvents);
  const people = new PeopleDirectory(store);
  const threadEvents = new ThreadEvents();
  const threads = new ThreadService(store, authors, events, threadEvents, { moderators: new Set(config.moderators) });
  const notebookEvents = new NotebookEvents();
  const documentEvents = new DocumentEvents();
  const documents = new DocumentRooms(
    store.documents,
    { ...NOTEBOOK_DOCUMENT_LIMITS, compactAfterUpdates: config.notebooks.compactAfterUpdates, autoVersionEveryMs: config.notebooks.autoVersionEveryMs },
    documentEvents,
    config.notebooks.unloadAfterMs,
    logger.child({ module: 'documents' }),
    runtime.documents,
  );
  const notebooks = new NotebookService(store, authors, events, notebookEvents, documents);
  notebooks.followDocuments(documentEvents);
  // Notifications read what happened off the domain's buses; what they store goes out on their own.
  const notificationEvents = new NotificationEvents();
  const notifications = new NotificationService(store, authors, notificationEvents);
  const stopNotificationSources = followNotificationSources(
    { chat: chatEvents, rooms: roomEvents, threads: threadEvents, notebooks: notebookEvents },
    { store, notifications, logger: logger.child({ module: 'notifications' }) },
  );
  // Stored vectors load now; the backfill and live indexing follow once the model is ready.
  // With several processes one of them recomputes the topic clusters at a time.
  const semantic = createSemanticLayer({ store, embeddings, events, logger, clusters: { lock: runtime.clusterLock } });
  await semantic.start();

  const app = createApp({
    logger: logger.child({ module: 'http' }),
    store,
    version: config.version,
    clientDir: config.clientDir,
    auth,
    profiles,
    people,
    conversations,
    authLimiter,
    embeddings,
    rooms: { rooms, chat },
    threads,
    notebooks,
    notifications,
    semantic: semantic.routes,
    trustProxy: config.trustProxy,
    origins,
  });

  const server = http.createServer(app);
  const io = createSocketServer(server, { auth, origins, sessionEvents, logger: logger.child({ module: 'sockets' }) });
  runtime.attach(io);
  const detachChat = attachChatGateway(io, {
    rooms,
    chat,
    roomEvents,
    presence: runtime.presence,
    typing: runtime.typing,
    sendLimiter: runtime.rateLimiter('send', { capacity: config.chat.sendBurst, refillPerSecond: config.chat.sendPerSecond }),
    logger: logger.child({ module: 'chat' }),
  });
  const detachThreads = attachThreadGateway(io, { threads, threadEvents, logger: logger.child({ module: 'threads' }) });
  const detachNotifications = attachNotificationGateway(io, { notifications, events: notificationEvents, logger: logger.child({ module: 'notifications' }) });
  const yjs = attachYjsGateway(server, { auth, origins, sessionEvents, notebooks, events: notebookEvents, rooms: documents, logger: logger.child({ module: 'yjs' }), maxUpdateBytes: NOTEBOOK_DOCUMENT_LIMITS.maxUpdateBytes });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${port}`;
  logger.info({ url, store: store.kind, dataDir: config.store === 'sqlite' ? config.dataDir : undefined }, 'Cohort hub listening');

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Socket.io disconnects its clients (they reconnect to another process, or to us after a restart).
      io.disconnectSockets(true);
      detachChat();
      detachThreads();
      detachNotifications();
      stopNotificationSources();
      io.engine.close();
      // Yjs sockets close first, then every document's queued updates are stored and its log compacted.
      const yjsClosed = yjs.close();
      server.closeIdleConnections();
      // Requests in flight get a moment to finish; then whatever is left is cut.
      const grace = setTimeout(() => server.closeAllConnections(), 5000);
      await closed;
      clearTimeout(grace);
      await yjsClosed;
      await semantic.stop();
      await embeddings.close();
      await runtime.close(io);
      await store.close();
      logger.info('Cohort hub stopped');
    })());

  return { url, port, server, store, stop };
}

/** Reads the environment, starts the hub and wires SIGTERM/SIGINT to a graceful stop. */
export async function run(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      // There is no logger before the config (LOG_LEVEL is part of it): one plain line, as a command says it.
      console.error(`cohort: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const hub = await startHub(config, logger);
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    if (++signals > 1) process.exit(1);
    logger.info({ signal }, 'shutting down');
    hub.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

if (require.main === module) {
  run().catch((err: unknown) => {
    // Whatever LOG_LEVEL says, a hub that cannot start says why (with the stack).
    createLogger('fatal').fatal({ err }, 'failed to start');
    process.exit(1);
  });
}
