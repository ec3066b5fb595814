import type { ContentEvents } from '../domain/contentEvents';
import type { ExclusiveLock } from '../domain/exclusiveLock';
import type { BucketOptions, RateLimiter } from '../domain/rateLimiter';
import type { SessionEvents } from '../domain/sessionEvents';
import type { DocumentRelay } from '../documents/documentRelay';
import type { PresenceTracker } from '../realtime/presenceTracker';
import type { CohortIo } from '../realtime/socketServer';
import type { TypingTracker } from '../realtime/typingTracker';

/** How the processes holding the same notebook document keep it one document. */
export interface SharedDocuments {
  /** Updates and awareness between the processes holding the document. */
  relay: DocumentRelay;
  /** One process compacts a document's log at a time. */
  compaction: ExclusiveLock;
}

/**
 * Everything that differs between one hub process serving alone and several serving together: where
 * presence, typing and rate limits live, whether events travel between processes, and which work only one
 * process may do at a time. main.ts opens one (openRuntime) and wires the rest of the hub to it without
 * asking which: LocalRuntime (memory) or ScaleOut (Redis, with REDIS_URL).
 */
export interface Runtime {
  readonly presence: PresenceTracker;
  readonly typing: TypingTracker;
  /** A token-bucket limiter; `name` keeps its buckets apart from other limiters' where they are shared. */
  rateLimiter(name: string, options: BucketOptions): RateLimiter;
  /** Several processes only; alone, a process's document rooms are the whole truth. */
  readonly documents?: SharedDocuments;
  /** Several processes only: one recomputes the topic clusters at a time. */
  readonly clusterLock?: ExclusiveLock;
  /** Content changes made through any process reach this process's listeners (the semantic index) too. */
  relayContent(events: ContentEvents): Promise<void>;
  /** Ended sessions announced by any process close their sockets in this one too. */
  relaySessions(events: SessionEvents): Promise<void>;
  /** Socket.io broadcasts reach the clients of every process. */
  attach(io: CohortIo): void;
  /** Lets go of what it holds; after the gateways are detached and documents flushed, before the store closes. */
  close(io: CohortIo): Promise<void>;
}
