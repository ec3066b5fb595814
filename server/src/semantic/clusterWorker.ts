import { parentPort } from 'node:worker_threads';
import { clusterTopics, type ClusterInput, type ClusterOutput } from './topicClustering';

/**
 * A worker thread that runs topic clustering (pure JavaScript plus the jieba segmenter), so the O(n²)
 * work never runs on the hub's event loop. One job at a time; the hub sends the next after an answer.
 */
export type ClusterWorkerRequest = { id: number; input: ClusterInput };
export type ClusterWorkerResponse = { id: number; ok: true; output: ClusterOutput } | { id: number; ok: false; error: string };

if (!parentPort) throw new Error('clusterWorker.js runs as a worker thread (TopicClusters starts it)');
const port = parentPort;
port.on('message', (request: ClusterWorkerRequest) => {
  let response: ClusterWorkerResponse;
  try {
    response = { id: request.id, ok: true, output: clusterTopics(request.input) };
  } catch (err) {
    response = { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(response);
});
