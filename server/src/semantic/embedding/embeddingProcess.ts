import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fork, type ChildProcess } from 'node:child_process';
import type { Logger } from '../../logger';
import type { MainToWorker, SemanticWorkerInit, WorkerToMain } from './embeddingProtocol';

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

/** What the supervisor tells its owner. */
export interface EmbeddingProcessEvents {
  /** A worker process is starting (the first or a replacement): its model is loading. */
  starting(): void;
  message(message: WorkerToMain): void;
  /** The worker died unexpectedly; whatever it held goes back to the queue. Answers how many requests are pending. */
  died(): number;
  /** No worker can run: the script is missing, or it crashed too often. The supervisor has stopped. */
  failed(reason: string): void;
}

export interface EmbeddingProcessOptions {
  workerFile: string;
  init: SemanticWorkerInit;
  /** More crashes than this within a minute and the supervisor gives up. */
  maxCrashesPerMinute: number;
  logger: Logger;
}

const CRASH_WINDOW_MS = 60_000;

/**
 * Supervises the embedding worker, a child process (see embeddingWorker.ts for why a process rather than a
 * worker thread): forks it with the init message, relays its console output to the log, replaces it when it
 * dies, and gives up after too many crashes in a minute rather than restarting in a loop.
 */
export class EmbeddingProcess {
  private worker: ChildProcess | null = null;
  private crashTimes: number[] = [];
  private lastWorkerError: Error | null = null;
  private stopping: Promise<void> | null = null;

  constructor(
    private readonly options: EmbeddingProcessOptions,
    private readonly events: EmbeddingProcessEvents,
  ) {}

  /** Whether a worker process runs (it may still be loading the model). */
  get running(): boolean {
    return this.worker !== null;
  }

  /** The worker process's id while one runs; null otherwise. */
  get pid(): number | null {
    return this.worker?.pid ?? null;
  }

  start(): void {
    if (this.stopping || this.worker) return;
    this.spawn();
  }

  send(message: MainToWorker): void {
    this.worker?.send(message);
  }

  /** Ends the worker (SIGTERM, then SIGKILL if it lingers) and restarts nothing after. Resolves when it has exited. */
  stop(): Promise<void> {
    if (this.stopping) return this.stopping;
    const worker = this.worker;
    this.worker = null;
    this.stopping = worker ? stopWorker(worker) : Promise.resolve();
    return this.stopping;
  }

  private spawn(): void {
    const file = this.options.workerFile;
    if (!fs.existsSync(file)) {
      this.fail(`the embedding worker ${file} does not exist; build the server first (tsc -b server)`);
      return;
    }
    this.events.starting();
    this.lastWorkerError = null;
    // execArgv empty: the hub's own flags (--inspect, a test runner's loaders) are not the worker's.
    const worker = fork(file, [], { serialization: 'advanced', execArgv: [], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    this.worker = worker;
    // transformers.js and onnxruntime write warnings to the console; they belong in the hub's log.
    for (const stream of [worker.stdout, worker.stderr]) {
      if (stream) readline.createInterface({ input: stream }).on('line', (line) => line.trim() && this.options.logger.warn({ output: line.slice(0, 500) }, 'embedding worker console'));
    }
    worker.on('message', (message: WorkerToMain) => {
      if (worker === this.worker) this.events.message(message);
    });
    worker.on('error', (err) => {
      if (worker !== this.worker) return;
      this.lastWorkerError = err;
      // A process that could not be spawned never emits 'exit'.
      if (worker.pid === undefined) this.onExit(worker, null, null);
    });
    worker.on('exit', (code, signal) => this.onExit(worker, code, signal));
    this.send({ type: 'init', init: this.options.init });
  }

  private onExit(worker: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (worker !== this.worker) return;
    this.worker = null;
    const err = this.lastWorkerError;
    const detail = err?.message ?? (signal ? `killed by ${signal}` : `exit code ${code}`);
    const now = Date.now();
    this.crashTimes = this.crashTimes.filter((t) => now - t < CRASH_WINDOW_MS);
    this.crashTimes.push(now);
    const pending = this.events.died();
    if (this.crashTimes.length > this.options.maxCrashesPerMinute) {
      this.fail(`the embedding worker crashed ${this.crashTimes.length} times within a minute (last: ${detail})`);
      return;
    }
    this.options.logger.warn({ ...(err ? { err } : { code, signal }), pending }, 'embedding worker stopped unexpectedly; restarting it');
    this.spawn();
  }

  private fail(reason: string): void {
    void this.stop();
    this.events.failed(reason);
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
