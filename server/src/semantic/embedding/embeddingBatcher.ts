import { EmbeddingFailedError } from './embeddingErrors';
import type { EmbedJob, WorkerToMain } from './embeddingProtocol';

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

export interface EmbeddingBatcherOptions {
  /** Texts sent to the worker together. */
  maxBatchSize: number;
  /** How long a batch that is not full waits for company. */
  batchDelayMs: number;
  /** Whether a batch may go to the worker now (the model is ready in a running worker). */
  canSend(): boolean;
  send(id: number, job: EmbedJob): void;
}

/**
 * The queue of texts waiting for the worker, and the batches made from it (see EmbeddingService for the
 * policy): interactive requests ahead of background ones and never batched with them, one batch in the worker
 * at a time, a request from a failed batch retried alone and rejected on its second failure.
 */
export class EmbeddingBatcher {
  private readonly queue: PendingRequest[] = [];
  private queued = 0;
  private unsentTexts = 0;
  private inFlight: InFlight | null = null;
  private nextJobId = 1;
  private batchTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: EmbeddingBatcherOptions) {}

  /** Texts accepted and not yet embedded, across all requests. */
  get queuedTexts(): number {
    return this.queued;
  }

  /** Requests not yet settled. */
  get pendingRequests(): number {
    return this.queue.length;
  }

  /** Queues the texts (interactive ones behind each other but ahead of all background ones) and sends when it can. */
  add(texts: string[], interactive: boolean): Promise<Float32Array[]> {
    return new Promise<Float32Array[]>((resolve, reject) => {
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
      const at = interactive ? this.queue.findIndex((r) => !r.interactive) : -1;
      this.queue.splice(at < 0 ? this.queue.length : at, 0, request);
      this.queued += texts.length;
      this.unsentTexts += texts.length;
      this.schedule();
    });
  }

  /** Sends a batch now if one is due, else arms the batch delay. Call when canSend() may have become true. */
  schedule(): void {
    if (!this.options.canSend() || this.inFlight || this.unsentTexts === 0) return;
    if (this.unsentTexts >= this.options.maxBatchSize || this.options.batchDelayMs === 0 || this.nextUnsent()?.interactive) {
      this.dispatch();
      return;
    }
    this.batchTimer ??= setTimeout(() => {
      this.batchTimer = null;
      this.dispatch();
    }, this.options.batchDelayMs);
  }

  /** The worker answered a batch. */
  onResult(message: Extract<WorkerToMain, { type: 'result' }>): void {
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

  /** The worker died: the batch it held goes back to the queue; a request it had already failed on is rejected. */
  requeueInFlight(): void {
    const batch = this.inFlight;
    this.inFlight = null;
    if (!batch) return;
    this.requeue(batch, 'The embedding worker crashed twice while embedding these texts');
  }

  /** Rejects every request (each with its own error from `error`) and forgets the batch in the worker. */
  rejectAll(error: () => Error): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    this.inFlight = null;
    for (const request of [...this.queue]) this.settle(request, error());
  }

  private dispatch(): void {
    if (this.batchTimer) clearTimeout(this.batchTimer);
    this.batchTimer = null;
    if (!this.options.canSend() || this.inFlight) return;
    const segments: Segment[] = [];
    let count = 0;
    const interactive = this.nextUnsent()?.interactive ?? false;
    for (const request of this.queue) {
      if (request.next >= request.texts.length) continue;
      // A request from a failed batch goes alone, so a failure on it again is its own.
      if (request.strikes > 0 && segments.length > 0) break;
      if (request.interactive !== interactive) break;
      const take = Math.min(request.texts.length - request.next, this.options.maxBatchSize - count);
      segments.push({ request, start: request.next, end: request.next + take });
      request.next += take;
      count += take;
      if (count >= this.options.maxBatchSize || request.strikes > 0) break;
    }
    if (count === 0) return;
    this.unsentTexts -= count;
    const id = this.nextJobId++;
    this.inFlight = { id, segments };
    const texts = segments.flatMap((s) => s.request.texts.slice(s.start, s.end));
    this.options.send(id, { kind: 'embed', texts, separately: interactive });
  }

  /** The first request with texts not yet sent: the queue keeps interactive ones in front. */
  private nextUnsent(): PendingRequest | undefined {
    return this.queue.find((r) => r.next < r.texts.length);
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

  /** Resolves (err null) or rejects a request and takes it off the queue. */
  private settle(request: PendingRequest, err: Error | null): void {
    if (request.settled) return;
    request.settled = true;
    const index = this.queue.indexOf(request);
    if (index >= 0) this.queue.splice(index, 1);
    this.queued -= request.texts.length;
    this.unsentTexts -= request.texts.length - request.next;
    if (err) request.reject(err);
    else request.resolve(request.results);
  }
}
