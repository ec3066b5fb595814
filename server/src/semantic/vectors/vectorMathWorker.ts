import { parentPort } from 'node:worker_threads';
import { toError } from '../../toError';
import { principalAxes, projectRows, type PrincipalAxes } from './pca';
import { clusterTopics, type ClusterInput, type ClusterOutput } from '../clusters/topicClustering';
import { enrichDiscussions, type EnrichmentInput } from '../signals/discussionEnrichment';

/**
 * A worker thread for the semantic layer's heavy vector math (topic clustering, PCA fits and projections),
 * so none of it runs on the hub's event loop. Pure JavaScript (plus the jieba segmenter for cluster labels);
 * jobs run one at a time in arrival order. VectorMathThread is the hub's side.
 */
export type VectorMathJob =
  | { kind: 'cluster'; input: ClusterInput }
  /** Discussion vectors enriched with their audience and tags (see discussionEnrichment.ts). */
  | { kind: 'enrich'; input: EnrichmentInput }
  /** Principal axes of `rows` (n vectors of `dims` floats); see principalAxes for the options. */
  | { kind: 'fit-axes'; rows: Float32Array; dims: number; k: number; iterations: number; sample: number }
  /** Coordinates of each of `rows` on `axes`: n × axes.k floats. */
  | { kind: 'project'; axes: PrincipalAxes; rows: Float32Array };

export interface VectorMathResults {
  cluster: ClusterOutput;
  enrich: Float32Array;
  'fit-axes': PrincipalAxes;
  project: Float32Array;
}

export type VectorMathRequest = { id: number; job: VectorMathJob };
export type VectorMathResponse = { id: number; ok: true; result: VectorMathResults[VectorMathJob['kind']] } | { id: number; ok: false; error: string };

function run(job: VectorMathJob): VectorMathResults[VectorMathJob['kind']] {
  switch (job.kind) {
    case 'cluster':
      return clusterTopics(job.input);
    case 'enrich':
      return enrichDiscussions(job.input);
    case 'fit-axes':
      return principalAxes(job.rows, job.dims, job.k, { iterations: job.iterations, sample: job.sample });
    case 'project':
      return projectRows(job.axes, job.rows);
    default: {
      const unknown: never = job;
      throw new Error(`unknown vector math job ${JSON.stringify(unknown)}`);
    }
  }
}

if (!parentPort) throw new Error('vectorMathWorker.js runs as a worker thread (VectorMathThread starts it)');
const port = parentPort;
port.on('message', ({ id, job }: VectorMathRequest) => {
  let response: VectorMathResponse;
  try {
    response = { id, ok: true, result: run(job) };
  } catch (err) {
    response = { id, ok: false, error: toError(err).message };
  }
  // Results that are typed arrays move to the hub instead of being copied.
  const transfer = response.ok && response.result instanceof Float32Array ? [response.result.buffer as ArrayBuffer] : [];
  port.postMessage(response, transfer);
});
