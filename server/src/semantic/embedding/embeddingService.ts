import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fork, type ChildProcess } from 'node:child_process';
import { AppError, PayloadTooLargeError, UnavailableError } from '../../domain/errors';
import { ErrorCodes } from '@cohort/shared';
import type { MainToWorker, Pooling, SemanticWorkerInit, WorkerToMain } from './embeddingProtocol';
import type { ModelSource } from '../model/modelProvisioner';

export type EmbeddingState = 'loading' | 'ready' | 'unavailable';

/** Where the service reports; a pino logger fits. */
export interface EmbeddingLogger {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
}

/** For callers that pass no logger (tests, benches): says nothing. */
export const silentLogger: EmbeddingLogger = { info: () => {}, warn: () => {}, error: () => {} };

export interface EmbeddingServiceOptions {
  modelId: string;
  modelsDir: string;
  remoteHost?: string;
  logger?: EmbeddingLogger;
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
  /** Tokens per text, special tokens included (default 512, the model's limit); longer texts are cut. */
  maxTokens?: number;
  /** bge models use the [CLS] vector (default); sentence-transformers models mostly use 'mean'. */
  pooling?: Pooling;
  /** More worker crashes than this within a minute makes the service 'unavailable' (default 3). */
  maxCrashesPerMinute?: number;
  /** The compiled worker script; see defaultWorkerFile. */
  workerFile?: string;
}

/** The model cannot be used (failed to load, gave up after crashes, or the service was closed): HTTP 503. */
export class EmbeddingUnavailableError extends UnavailableError {}

/** Backpressure: too many texts are waiting. Callers retry later (HTTP 503). */
export class EmbeddingQueueFullError extends UnavailableError {}

/** This particular request could not be embedded (the worker failed on it). */
export class EmbeddingFailedError extends AppError {
  constructor(message: string) {
    super(500, ErrorCodes.internal, message);
  }
}

/**
 * The compiled worker script. Compiled, it sits beside this file. When this file runs from TypeScript
 * sources (jest transforms in-process) the worker process still needs JavaScript, so it is the build output
 * server/dist/semantic/embedding/embeddingWorker.js (`tsc -b server`, which `npm test` runs first).
 */
export function defaultWorkerFile(): string {
  const beside = path.join(__dirname, 'embeddingWorker.js');
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', '..', 'dist', 'semantic', 'embedding', 'embeddingWorker.js');
}

/** How one embed() call is treated. */
export interface EmbedOptions {
  /**
   * A person is waiting (a search query): the texts go ahead of background work without waiting for
   * batch-mates, and each goes through the model alone, so its vector is the same whatever else is queued.
   */
  interactive?: boolean;
}

interface PendingRequest {
  texts: string[];
  interactive: boolean;
  results: Float32Array[];
  /** Texts before this index have been sent to the worker. */
  next: number;
  done: number;
  /** Batches of this request that failed (worker crash or job error); it then goes alone. */
  strikes: number;
  settled: boolean;
  resolve(vectors: Float32Array[]): void;
  reject(err: Error): void;
}

interface Segment {
  request: PendingRequest;
  start: number;
  end: number;
}

interface InFlight {
  id: number;
  segments: Segment[];
}

const CRASH_WINDOW_MS = 60_000;

/**
 * Text embeddings computed in one worker process that owns the model (see embeddingWorker.ts for why a
 * process rather than a worker thread); the hub's event loop never runs inference.
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
  private stateValue: EmbeddingState = 'loading';
  private dims: number | null = null;
  private reason: string | null = null;
  private source: ModelSource | null = null;

  private readonly opts: Required<Omit<EmbeddingServiceOptions, 'remoteHost' | 'logger' | 'enabled'>> & Pick<EmbeddingServiceOptions, 'remoteHost'>;
  private readonly log: EmbeddingLogger;
  private worker: ChildProcess | null = null;
  private started = false;
  private closed = false;
  private readonly queue: PendingRequest[] = [];
  private queuedTexts = 0;
  private unsentTexts = 0;
  private inFlight: InFlight | null = null;
  private nextJobId = 1;
  private batchTimer: NodeJS.Timeout | null = null;
  private crashTimes: number[] = [];
  private lastWorkerError: Error | null = null;
  private settleStart: (() => void) | null = null;
  private readonly startPromise: Promise<void>;

  constructor(options: EmbeddingServiceOptions) {
    this.modelId = options.modelId;
    this.log = options.logger ?? silentLogger;
    this.opts = {
      modelId: options.modelId,
      modelsDir: options.modelsDir,
      remoteHost: options.remoteHost,
      provision: options.provision ?? true,
      maxBatchSize: positive(options.maxBatchSize, 32),
      batchDelayMs: Math.max(0, options.batchDelayMs ?? 5),
      maxQueuedTexts: positive(options.maxQueuedTexts, 2048),
      maxTokens: positive(options.maxTokens, 512),
      pooling: options.pooling ?? 'cls',
      maxCrashesPerMinute: positive(options.maxCrashesPerMinute, 3),
      workerFile: options.workerFile ?? defaultWorkerFile(),
    };
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

  /**
   * Starts the worker (provisioning the model if needed). Resolves once the state is 'ready' or
   * 'unavailable'; never rejects, since the hub runs without the model. Calling it again is harmless.
   */
  start(): Promise<void> {
    // Turned off (or given up on) before start: there is nothing to start, and no model is loaded.
    if (!this.started && !this.closed && this.stateValue !== 'unavailable') {
      this.started = true;
      this.spawnWorker();
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
    if (texts.length > this.opts.maxQueuedTexts) {
      return Promise.reject(new PayloadTooLargeError(`At most ${this.opts.maxQueuedTexts} texts can be embedded in one call`));
    }
    if (this.queuedTexts + texts.length > this.opts.maxQueuedTexts) {
      return Promise.reject(
        new EmbeddingQueueFullError(`The embedding queue is full (${this.queuedTexts} of ${this.opts.maxQueuedTexts} texts waiting); try again shortly`),
      );
    }
    void this.start();
    return new Promise<Float32Array[]>((resolve, reject) => {
      const interactive = options.interactive === true;
      const request: PendingRequest = {
        texts: [...texts],
        interactive,
        results: new Array<Float32Array>(texts.length),
        next: 0,
        done: 0,
        strikes: 0,
        settled: false,
        resolve,
        reject,
      };
      // Interactive requests queue behind each other but ahead of all background ones.
      const at = interactive ? this.queue.findIndex((r) => !r.interactive) : -1;
      this.queue.splice(at < 0 ? this.queue.length : at, 0, request);
      this.queuedTexts += texts.length;
      this.unsentTexts += texts.length;
      this.schedule();
    });
  }

  /** Rejects whatever is pending and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const worker = this.worker;
    this.becomeUnavailable('the embedding service was closed', false);
    if (worker) await stopWorker(worker);
  }

  // ------------------------------------------------------------------ worker lifecycle

  private spawnWorker(): void {
    const file = this.opts.workerFile;
    if (!fs.existsSync(file)) {
      this.becomeUnavailable(`the embedding worker ${file} does not exist; build the server first (tsc -b server)`);
      return;
    }
    const init: SemanticWorkerInit = {
      modelId: this.opts.modelId,
      modelsDir: this.opts.modelsDir,
      remoteHost: this.opts.remoteHost,
      provision: this.opts.provision,
      maxTokens: this.opts.maxTokens,
      pooling: this.opts.pooling,
    };
    this.setState('loading');
    this.lastWorkerError = null;
    // execArgv empty: the hub's own flags (--inspect, a test runner's loaders) are not the worker's.
    const worker = fork(file, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.worker = worker;
    // transformers.js and onnxruntime write warnings to the console; they belong in the hub's log.
    for (const stream of [worker.stdout, worker.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => line.trim() && this.log.warn(`embeddings worker: ${line.slice(0, 500)}`));
    }
    worker.on('message', (message: WorkerToMain) => this.onWorkerMessage(worker, message));
    worker.on('error', (err) => {
      if (worker !== this.worker) return;
      this.lastWorkerError = err;
      // A process that could not be spawned never emits 'exit'.
      if (worker.pid === undefined) this.onWorkerExit(worker, null, null);
    });
    worker.on('exit', (code, signal) => this.onWorkerExit(worker, code, signal));
    this.send({ type: 'init', init });
  }

  /** The worker process's id while one runs (for operators and tests); null otherwise. */
  get workerPid(): number | null {
    return this.worker?.pid ?? null;
  }

  private onWorkerMessage(worker: ChildProcess, message: WorkerToMain): void {
    if (worker !== this.worker) return;
    switch (message.type) {
      case 'log':
        this.log[message.level](`embeddings: ${message.msg}`);
        return;
      case 'ready':
        this.dims = message.dimensions;
        this.source = message.source;
        this.setState('ready');
        this.log.info(`embeddings: ${this.modelId} ready (${message.dimensions} dimensions, ${message.maxTokens} tokens per text, from ${message.source === 'local' ? message.modelDir : message.source})`);
        this.settleStart?.();
        this.schedule();
        return;
      case 'init-failed':
        this.becomeUnavailable(message.error);
        return;
      case 'result':
        this.onResult(message);
        return;
    }
  }

  private onWorkerExit(worker: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (worker !== this.worker) return;
    this.worker = null;
    if (this.closed || this.stateValue === 'unavailable') return;
    const detail = this.lastWorkerError?.message ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashTimes.push(now);
    this.requeueInFlight();
    if (this.crashTimes.length > this.opts.maxCrashesPerMinute) {
      this.becomeUnavailable(`the embedding worker crashed ${this.crashTimes.length} times within a minute (last: ${detail})`);
      return;
    }
    this.log.warn(`embeddings: worker stopped unexpectedly (${detail}); restarting it with ${this.queue.length} requests pending`);
    this.spawnWorker();
  }

  /** The batch the dead worker held goes back to the queue; a request it had already failed on is dropped. */
  private requeueInFlight(): void {
    const batch = this.inFlight;
    this.inFlight = null;
    if (!batch) return;
    this.requeue(batch, 'The embedding worker crashed twice while embedding these texts');
  }

  /** Each request of a failed batch is retried alone; one that already had a strike is rejected. */
  private requeue(batch: InFlight, failure: string): void {
    for (const { request, start, end } of batch.segments) {
      if (request.settled) continue;
      request.strikes++;
      request.next = Math.min(request.next, start);
      this.unsentTexts += end - start;
      if (request.strikes >= 2) this.settle(request, new EmbeddingFailedError(failure));
    }
  }

  private becomeUnavailable(reason: string, log = true): void {
    if (log) this.log.error(`embeddings: ${this.modelId} is unavailable: ${reason}`);
    this.reason = reason;
    this.setState('unavailable');
    this.dims = null;
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.inFlight = null;
    for (const request of [...this.queue]) this.settle(request, new EmbeddingUnavailableError(this.unavailableMessage()));
    const worker = this.worker;
    this.worker = null;
    if (worker) stopWorker(worker);
    this.settleStart?.();
  }

  private setState(state: EmbeddingState): void {
    this.stateValue = state;
  }

  private unavailableMessage(): string {
    return this.closed ? 'The embedding service is closed' : `Semantic features are unavailable: ${this.reason ?? 'the embedding model is not loaded'}`;
  }

  // ------------------------------------------------------------------ batching

  private schedule(): void {
    if (this.stateValue !== 'ready' || !this.worker || this.inFlight || this.unsentTexts === 0) return;
    if (this.unsentTexts >= this.opts.maxBatchSize || this.opts.batchDelayMs === 0 || this.nextUnsent()?.interactive) {
      this.dispatch();
      return;
    }
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      this.dispatch();
    }, this.opts.batchDelayMs);
  }

  private dispatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (this.stateValue !== 'ready' || !this.worker || this.inFlight) return;
    const segments: Segment[] = [];
    let count = 0;
    const interactive = this.nextUnsent()?.interactive ?? false;
    for (const request of this.queue) {
      if (request.next >= request.texts.length) continue;
      // A request from a failed batch goes alone, so a failure on it again is its own.
      if (request.strikes > 0 && segments.length > 0) break;
      if (request.interactive !== interactive) break;
      const take = Math.min(request.texts.length - request.next, this.opts.maxBatchSize - count);
      segments.push({ request, start: request.next, end: request.next + take });
      request.next += take;
      count += take;
      if (count >= this.opts.maxBatchSize || request.strikes > 0) break;
    }
    if (count === 0) return;
    this.unsentTexts -= count;
    const id = this.nextJobId++;
    this.inFlight = { id, segments };
    const texts = segments.flatMap((s) => s.request.texts.slice(s.start, s.end));
    this.send({ type: 'run', id, job: { kind: 'embed', texts, separately: interactive } });
  }

  /** The first request with texts not yet sent: the queue keeps interactive ones in front. */
  private nextUnsent(): PendingRequest | undefined {
    return this.queue.find((r) => r.next < r.texts.length);
  }

  private send(message: MainToWorker): void {
    this.worker?.send(message);
  }

  private onResult(message: Extract<WorkerToMain, { type: 'result' }>): void {
    const batch = this.inFlight;
    if (!batch || batch.id !== message.id) return;
    this.inFlight = null;
    if (!message.ok) {
      const requests = new Set(batch.segments.map((s) => s.request));
      const failure = `Embedding failed: ${message.error}`;
      if (requests.size === 1) for (const request of requests) this.settle(request, new EmbeddingFailedError(failure));
      else this.requeue(batch, failure);
    } else {
      const { vectors, dimensions } = message.result;
      let row = 0;
      for (const { request, start, end } of batch.segments) {
        for (let i = start; i < end; i++, row++) {
          request.results[i] = vectors.slice(row * dimensions, (row + 1) * dimensions);
        }
        if (request.settled) continue;
        request.done += end - start;
        if (request.done === request.texts.length) this.settle(request, null);
      }
    }
    // What queued up while the worker was busy has waited long enough.
    if (this.unsentTexts > 0) this.dispatch();
  }

  /** Resolves (err null) or rejects a request and takes it off the queue. */
  private settle(request: PendingRequest, err: Error | null): void {
    if (request.settled) return;
    request.settled = true;
    const index = this.queue.indexOf(request);
    if (index >= 0) this.queue.splice(index, 1);
    this.queuedTexts -= request.texts.length;
    this.unsentTexts -= request.texts.length - request.next;
    if (err) request.reject(err);
    else request.resolve(request.results);
  }
}

/** Ends a worker process: SIGTERM, then SIGKILL if it lingers. Resolves when it has exited. */
function stopWorker(worker: ChildProcess): Promise<void> {
  if (worker.pid === undefined || worker.exitCode !== null || worker.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => worker.kill('SIGKILL'), 2000);
    worker.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    worker.kill('SIGTERM');
  });
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) && value >= 1 ? Math.floor(value) : fallback;
}
