import type { ContentEvents } from '../domain/contentEvents';
import type { Logger } from '../logger';
import type { Store } from '../store/ports';
import { TopicClusters, type TopicClustersOptions } from './clusters/topicClusters';
import type { EmbeddingService } from './embedding/embeddingService';
import { SemanticIndexer, type IndexerOptions } from './indexing/semanticIndexer';
import { PartnerMatches } from './matching/partnerMatches';
import { Recommender } from './recommendations/recommender';
import { modelProfile } from './model/modelProfiles';
import { SemanticSearch } from './search/semanticSearch';
import { DiscussionSignals } from './signals/discussionSignals';
import type { ModelStatus } from './semanticGate';
import { VectorMathThread } from './vectors/vectorMathThread';

/** The services the semantic endpoints answer from (http/routes/semanticRoutes.ts takes them as they are). */
export interface SemanticServices {
  model: ModelStatus;
  search: SemanticSearch;
  recommender: Recommender;
  matches: PartnerMatches;
  clusters: TopicClusters;
}

export interface SemanticLayer {
  indexer: SemanticIndexer;
  routes: SemanticServices;
  /** Loads the stored vectors and starts following content changes (the backfill waits for the model). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the indexer and the services built on its vectors; main.ts starts it after the store and stops it before the store closes. */
export function createSemanticLayer(deps: {
  store: Store;
  embeddings: EmbeddingService;
  events: ContentEvents;
  /** The hub's logger; each part logs as its own module. */
  logger: Logger;
  indexer?: IndexerOptions;
  clusters?: TopicClustersOptions;
}): SemanticLayer {
  const { store, embeddings, events, logger } = deps;
  const profile = modelProfile(embeddings.modelId);
  const indexer = new SemanticIndexer(store, embeddings, events, logger, deps.indexer);
  const math = new VectorMathThread({ logger });
  const signals = new DiscussionSignals(store, indexer, math, profile, logger);
  const clusters = new TopicClusters(indexer, signals, math, logger, { cut: profile.clusters, ...deps.clusters });
  const matches = new PartnerMatches(store, indexer, embeddings, math, logger);
  return {
    indexer,
    routes: {
      model: embeddings,
      search: new SemanticSearch(store, indexer, signals, embeddings, profile),
      recommender: new Recommender(store, indexer, signals, embeddings, profile),
      matches,
      clusters,
    },
    async start() {
      await indexer.start();
      matches.start();
      clusters.start();
    },
    async stop() {
      await math.close();
      await Promise.all([matches.stop(), clusters.stop()]);
      await indexer.stop();
    },
  };
}
