import fs from 'node:fs';
import path from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';
import { createLogger, type Logger } from '../../logger';
import { toError } from '../../toError';
import type { VectorMathJob, VectorMathRequest, VectorMathResponse, VectorMathResults } from './vectorMathWorker';

/** Same resolution as the embedding worker: beside this file when compiled, else the build output. */
export function defaultVectorMathWorkerFile(): string {
  const beside = path.join(__dirname, 'vectorMathWorker.js');
  if (fs.existsSync(beside)) return beside;
  return path.resolve(__dirname, '..', '..', '..', 'dist', 'semantic', 'vectors', 'vectorMathWorker.js');
}

interface Pending {
  resolve(result: unknown): void;
  reject(err: Error): void;
}

/**
 * The hub's side of the vector math worker thread (vectorMathWorker.ts). One thread serves the whole semantic
 * layer: on a small machine background math should take one core, not all of them. Started on first use;
 * if it dies, the jobs it held are rejected and the next job starts a new thread.
 */
export class VectorMathThread {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly log: Logger;
  private readonly workerFile: string;

  /** Without a logger (benches, tests) it logs nothing. */
  constructor(options: { logger?: Logger; workerFile?: string } = {}) {
    this.log = (options.logger ?? createLogger('silent')).child({ module: 'vector-math' });
    this.workerFile = options.workerFile ?? defaultVectorMathWorkerFile();
  }

  /** Runs `job` in the thread. Buffers in `transfer` move there (they are unusable here afterwards). */
  run<K extends VectorMathJob['kind']>(job: Extract<VectorMathJob, { kind: K }>, transfer: TransferListItem[] = []): Promise<VectorMathResults[K]> {
    if (this.closed) return Promise.reject(new Error('the vector math thread is closed'));
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      return Promise.reject(toError(err));
    }
    const id = this.nextId++;
    return new Promise<VectorMathResults[K]>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (result: unknown) => void, reject });
      const request: VectorMathRequest = { id, job };
      worker.postMessage(request, transfer);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    this.failAll('the vector math thread was closed');
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    if (!fs.existsSync(this.workerFile)) throw new Error(`the vector math worker ${this.workerFile} does not exist; build the server first (tsc -b server)`);
    const worker = new Worker(this.workerFile);
    // Background work: an idle thread must not keep the process alive.
    worker.unref();
    worker.on('message', (response: VectorMathResponse) => {
      const job = this.pending.get(response.id);
      if (!job) return;
      this.pending.delete(response.id);
      if (response.ok) job.resolve(response.result);
      else job.reject(new Error(response.error));
    });
    worker.on('error', (err) => this.log.warn({ err }, 'vector math thread failed'));
    worker.on('exit', (code) => {
      if (worker !== this.worker) return;
      this.worker = null;
      this.failAll(`the vector math thread stopped (exit code ${code})`);
    });
    this.worker = worker;
    return worker;
  }

  private failAll(reason: string): void {
    for (const job of this.pending.values()) job.reject(new Error(reason));
    this.pending.clear();
  }
}
