import type { Level } from 'pino';
import type { ModelSource } from '../model/modelProvisioner';

/**
 * Messages between EmbeddingService (in the hub's process) and the semantic worker (a child process, over
 * Node's IPC channel with 'advanced' serialization, so typed arrays cross as they are). The worker runs jobs
 * one at a time; a job is tagged by `kind`, so heavier work (clustering) can join later as another kind with
 * its own handler, without a second worker or protocol.
 */

export type Pooling = 'cls' | 'mean';

/** The first message the worker receives. */
export interface SemanticWorkerInit {
  modelId: string;
  modelsDir: string;
  remoteHost?: string;
  /** Fetch the model if missing or damaged (else only the local copy is used). */
  provision: boolean;
  /** Token limit per text, special tokens included; lowered to the model's own limit when that is smaller. */
  maxTokens: number;
  pooling: Pooling;
}

export interface EmbedJob {
  kind: 'embed';
  texts: string[];
  /** One model call per text (a query's vector then never depends on its batch-mates); else length-sorted batches. */
  separately?: boolean;
}

/** One row of `dimensions` floats per text, L2-normalized, in the order of the job's texts. */
export interface EmbedJobResult {
  kind: 'embed';
  dimensions: number;
  vectors: Float32Array;
}

export type SemanticJob = EmbedJob;
export type SemanticJobResult = EmbedJobResult;

export type MainToWorker = { type: 'init'; init: SemanticWorkerInit } | { type: 'run'; id: number; job: SemanticJob };

export type WorkerToMain =
  | { type: 'ready'; modelDir: string; source: ModelSource; dimensions: number; maxTokens: number }
  | { type: 'init-failed'; error: string }
  /** One record of the worker's pino log, for the hub's log (`fields.err` is pino's serialized error). */
  | { type: 'log'; level: Level; msg: string; fields: Record<string, unknown> }
  | { type: 'result'; id: number; ok: true; result: SemanticJobResult }
  | { type: 'result'; id: number; ok: false; error: string };
