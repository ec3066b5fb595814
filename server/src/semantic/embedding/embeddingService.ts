import { PayloadTooLargeError } from '../../domain/errors';
import { createLogger, type Logger } from '../../logger';
import type { ModelSource } from '../model/modelProvisioner';
import { modelProfile, type ModelProfile } from '../model/modelProfiles';
import { EmbeddingBatcher } from './embeddingBatcher';
import { EmbeddingQueueFullError, EmbeddingUnavailableError } from './embeddingErrors';
import { EmbeddingProcess, defaultWorkerFile } from './embeddingProcess';
import type { Pooling, WorkerToMain } from './embeddingProtocol';

export { EmbeddingFailedError, EmbeddingQueueFullError, EmbeddingUnavailableError } from './embeddingErrors';
export { defaultWorkerFile } from './embeddingProcess';

export type EmbeddingState = 'loading' | 'ready' | 'unavailable';

export interface EmbeddingServiceOptions {
  modelId: string;
  modelsDir: string;
  remoteHost?: string;
  /** The hub's logger (the service logs as module 'embeddings'); without one (benches, tests) it logs nothing. */
  logger?: Logger;
  /** False runs without a model at all (EMBEDDINGS=off): 'unavailable' from the start, no worker. */
  enabled?: boolean;
  /** Fetch the model when missing or damaged (default true); false uses only what is in modelsDir. */
  provision?: boolean;
  /** Texts sent to the worker together (default 32). */
  maxBatchSize?: number;
  /** How long a batch that is not full waits for company (default 5 ms). */
  batchDelayMs?: number;
  /** Texts accepted but not yet embedded, across all callers (default 2048); past it embed() rejects. */
  maxQueuedTexts?: number;
  /** Tokens per text, special tokens included (default: the model profile's); longer texts are cut. */
  maxTokens?: number;
  /** How token vectors become one (default: the model profile's; bge uses [CLS], e5 the mean). */
  pooling?: Pooling;
  /** More worker crashes than this within a minute makes the service 'unavailable' (default 3). */
  maxCrashesPerMinute?: number;
  /** The compiled worker script; see defaultWorkerFile. */
  workerFile?: string;
}

/** How one embed() call is treated. */
export interface EmbedOptions {
  /**
   * A person is waiting (a search query): the texts go ahead of background work without waiting for
   * batch-mates, and each goes through the model alone, so its vector is the same whatever else is queued.
   */
  interactive?: boolean;
  /**
   * What the texts are: `passage` (default; what is indexed) or `query` (what is searched for). Models such
   * as e5 want each marked by a prefix (the model profile's).
   */
  role?: 'query' | 'passage';
}

/**
 * Text embeddings computed in one worker process that owns the model (see embeddingWorker.ts for why a
 * process rather than a worker thread); the hub's event loop never runs inference. A thin front over
 * EmbeddingProcess (supervision) and EmbeddingBatcher (the queue and its batches).
 *
 * - Batching: calls are queued and sent together, up to maxBatchSize texts, or whatever is queued after
 *   batchDelayMs; one batch is in the worker at a time, and while it runs the next one fills. The worker
 *   runs a batch in length-sorted model batches (see embeddingWorker.ts for the small drift that costs).
 * - Interactive calls (EmbedOptions) go ahead of queued background calls, are sent without the batch
 *   delay, and are never batched with background texts.
 * - Backpressure: the queue is bounded by maxQueuedTexts. A call that does not fit is rejected at once with
 *   EmbeddingQueueFullError (503) rather than waiting: a request handler answers 503 and the client retries,
 *   and memory stays bounded. Background jobs should embed in chunks and retry on that error.
 * - Crashes: a worker that dies is replaced and the requests still pending are sent to the new one; a
 *   request that was in flight is retried alone, and rejected (EmbeddingFailedError) if the worker dies on
 *   it again, so one poisonous text cannot take the others down (a job error is handled the same way).
 *   More than maxCrashesPerMinute crashes in a minute: 'unavailable', no restart loop.
 * - A model that cannot be provisioned or loaded: 'unavailable', and embed() rejects with
 *   EmbeddingUnavailableError; the rest of the hub is unaffected.
 */
export class EmbeddingService {
  readonly modelId: string;
  /** The model's profile (modelProfiles.ts): pooling, prefixes and the thresholds the semantic layer uses. */
  readonly profile: ModelProfile;
  private stateValue: EmbeddingState = 'loading';
  private dims: number | null = null;
  private reason: string | null = null;
  private source: ModelSource | null = null;

  private readonly maxQueuedTexts: number;
  private readonly log: Logger;
  private readonly workerProcess: EmbeddingProcess;
  private readonly batcher: EmbeddingBatcher;
  private started = false;
  private closed = false;
  private settleStart: (() => void) | null = null;
  private readonly startPromise: Promise<void>;

  constructor(options: EmbeddingServiceOptions) {
    this.modelId = options.modelId;
    this.profile = modelProfile(options.modelId);
    this.log = (options.logger ?? createLogger('silent')).child({ module: 'embeddings' });
    this.maxQueuedTexts = positive(options.maxQueuedTexts, 2048);
    this.workerProcess = new EmbeddingProcess(
      {
        workerFile: options.workerFile ?? defaultWorkerFile(),
        init: {
          modelId: options.modelId,
          modelsDir: options.modelsDir,
          remoteHost: options.remoteHost,
          provision: options.provision ?? true,
          maxTokens: positive(options.maxTokens, this.profile.maxTokens),
          pooling: options.pooling ?? this.profile.pooling,
        },
        maxCrashesPerMinute: positive(options.maxCrashesPerMinute, 3),
        logger: this.log,
      },
      {
        starting: () => this.setState('loading'),
        message: (message) => this.onWorkerMessage(message),
        died: () => {
          this.batcher.requeueInFlight();
          return this.batcher.pendingRequests;
        },
        failed: (reason) => this.becomeUnavailable(reason),
      },
    );
    this.batcher = new EmbeddingBatcher({
      maxBatchSize: positive(options.maxBatchSize, 32),
      batchDelayMs: Math.max(0, options.batchDelayMs ?? 5),
      canSend: () => this.stateValue === 'ready' && this.workerProcess.running,
      send: (id, job) => this.workerProcess.send({ type: 'run', id, job }),
    });
    this.startPromise = new Promise((resolve) => (this.settleStart = resolve));
    if (options.enabled === false) this.becomeUnavailable('embeddings are turned off (EMBEDDINGS=off)', false);
  }

  /** 'loading' until the worker has the model running, then 'ready'; 'unavailable' if it cannot. */
  get state(): EmbeddingState {
    return this.stateValue;
  }

  /** Width of the vectors (512 for bge-small-zh-v1.5); null until ready. */
  get dimensions(): number | null {
    return this.dims;
  }

  /** Why the state is 'unavailable'; null otherwise. */
  get unavailableReason(): string | null {
    return this.stateValue === 'unavailable' ? this.reason : null;
  }

  /** Where the loaded model came from this run; null until ready. */
  get modelSource(): ModelSource | null {
    return this.source;
  }

  /** The worker process's id while one runs (for operators and tests); null otherwise. */
  get workerPid(): number | null {
    return this.workerProcess.pid;
  }

  /**
   * Starts the worker (provisioning the model if needed). Resolves once the state is 'ready' or
   * 'unavailable'; never rejects, since the hub runs without the model. Calling it again is harmless.
   */
  start(): Promise<void> {
    // Turned off (or given up on) before start: there is nothing to start, and no model is loaded.
    if (!this.started && !this.closed && this.stateValue !== 'unavailable') {
      this.started = true;
      this.workerProcess.start();
    }
    return this.startPromise;
  }

  /** One L2-normalized vector per text, in order. Starts the service if needed; see the class doc for errors. */
  embed(texts: string[], options: EmbedOptions = {}): Promise<Float32Array[]> {
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      return Promise.reject(new TypeError('embed() takes an array of strings'));
    }
    if (this.closed || this.stateValue === 'unavailable') {
      return Promise.reject(new EmbeddingUnavailableError(this.unavailableMessage()));
    }
    if (texts.length === 0) return Promise.resolve([]);
    if (texts.length > this.maxQueuedTexts) {
      return Promise.reject(new PayloadTooLargeError(`At most ${this.maxQueuedTexts} texts can be embedded in one call`));
    }
    const queued = this.batcher.queuedTexts;
    if (queued + texts.length > this.maxQueuedTexts) {
      return Promise.reject(new EmbeddingQueueFullError(`The embedding queue is full (${queued} of ${this.maxQueuedTexts} texts waiting); try again shortly`));
    }
    void this.start();
    const prefix = options.role === 'query' ? this.profile.queryPrefix : this.profile.passagePrefix;
    return this.batcher.add(prefix ? texts.map((t) => prefix + t) : texts, options.interactive === true);
  }

  /** Rejects whatever is pending and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.becomeUnavailable('the embedding service was closed', false);
    await this.workerProcess.stop();
  }

  private onWorkerMessage(message: WorkerToMain): void {
    switch (message.type) {
      case 'log': {
        const { err, ...fields } = message.fields;
        this.log[message.level](err === undefined ? fields : { ...fields, err: revived(err) }, message.msg);
        return;
      }
      case 'ready':
        this.dims = message.dimensions;
        this.source = message.source;
        this.setState('ready');
        this.log.info(
          { model: this.modelId, dimensions: message.dimensions, maxTokens: message.maxTokens, from: message.source === 'local' ? message.modelDir : message.source },
          'embedding model ready',
        );
        this.settleStart?.();
        this.batcher.schedule();
        return;
      case 'init-failed':
        this.becomeUnavailable(message.error);
        return;
      case 'result':
        this.batcher.onResult(message);
        return;
    }
  }

  private becomeUnavailable(reason: string, log = true): void {
    if (log) this.log.error({ model: this.modelId, reason }, 'embedding model unavailable');
    this.reason = reason;
    this.setState('unavailable');
    this.dims = null;
    this.batcher.rejectAll(() => new EmbeddingUnavailableError(this.unavailableMessage()));
    void this.workerProcess.stop();
    this.settleStart?.();
  }

  private setState(state: EmbeddingState): void {
    this.stateValue = state;
  }

  private unavailableMessage(): string {
    return this.closed ? 'The embedding service is closed' : `Semantic features are unavailable: ${this.reason ?? 'the embedding model is not loaded'}`;
  }
}

/** An error the worker's pino serialized ({ type, message, stack }), as an Error again so the hub's log shows it as one. */
function revived(err: unknown): unknown {
  if (typeof err !== 'object' || err === null || typeof (err as { message?: unknown }).message !== 'string') return err;
  const { type, message, stack } = err as { type?: unknown; message: string; stack?: unknown };
  const error = new Error(message);
  if (typeof type === 'string') error.name = type;
  if (typeof stack === 'string') error.stack = stack;
  return error;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
