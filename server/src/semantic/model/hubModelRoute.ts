import fs from 'node:fs';
import path from 'node:path';
import { loadTransformers } from './transformersRuntime';

export interface HubRouteOptions {
  modelId: string;
  /** A fresh directory on the same file system as the models directory. */
  stagingDir: string;
  /** A hub mirror; transformers.js's default host when absent. */
  remoteHost?: string;
  /** Give up on a request that has not answered (status line and headers) within this long. */
  answerTimeoutMs?: number;
  /** Give up on a download still running after this long. */
  transferTimeoutMs?: number;
}

/**
 * Downloads the model through transformers.js itself, so the files and their layout are exactly what it
 * loads later: its file cache is pointed at the staging directory, where it writes `<modelId>/<file>`.
 * Loading the tokenizer, config and quantized model fetches precisely the files feature-extraction needs.
 * Returns the model directory inside the staging directory.
 *
 * transformers.js 2.x has no request timeout, and where the hub is blocked a connection can hang rather
 * than fail, so for the duration of the attempt the global `fetch` is wrapped with an abort timer. Run this
 * where nothing else is fetching at the same time: the model-fetch CLI, or the embedding worker thread.
 */
export async function fetchFromHub(options: HubRouteOptions): Promise<string> {
  const answerTimeoutMs = options.answerTimeoutMs ?? 10_000;
  const transferTimeoutMs = options.transferTimeoutMs ?? 10 * 60_000;
  const transformers = await loadTransformers();
  const { env } = transformers;
  const saved = {
    remoteHost: env.remoteHost,
    allowLocalModels: env.allowLocalModels,
    allowRemoteModels: env.allowRemoteModels,
    useFSCache: env.useFSCache,
    useBrowserCache: env.useBrowserCache,
    cacheDir: env.cacheDir,
  };
  const realFetch = globalThis.fetch;
  const timers = new Set<NodeJS.Timeout>();
  const host = options.remoteHost ?? saved.remoteHost;

  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const controller = new AbortController();
    const answerTimer = setTimeout(
      () => controller.abort(new Error(`${host} did not answer within ${Math.round(answerTimeoutMs / 1000)} s`)),
      answerTimeoutMs,
    );
    try {
      const response = await realFetch(input, { ...init, signal: controller.signal });
      const transferTimer = setTimeout(
        () => controller.abort(new Error(`download from ${host} took longer than ${Math.round(transferTimeoutMs / 1000)} s`)),
        transferTimeoutMs,
      );
      transferTimer.unref();
      timers.add(transferTimer);
      return response;
    } finally {
      clearTimeout(answerTimer);
    }
  };
  try {
    env.remoteHost = host;
    env.allowRemoteModels = true;
    // Never satisfy this from a local directory: it may be the broken copy we are replacing.
    env.allowLocalModels = false;
    env.useBrowserCache = false;
    env.useFSCache = true;
    env.cacheDir = options.stagingDir;
    await transformers.AutoConfig.from_pretrained(options.modelId);
    await transformers.AutoTokenizer.from_pretrained(options.modelId);
    const model = await transformers.AutoModel.from_pretrained(options.modelId, { quantized: true });
    await model.dispose?.();
  } catch (err) {
    throw new Error(describeHubError(err));
  } finally {
    globalThis.fetch = realFetch;
    for (const t of timers) clearTimeout(t);
    Object.assign(env, saved);
  }
  const modelDir = path.join(options.stagingDir, ...options.modelId.split('/'));
  if (!fs.existsSync(modelDir)) throw new Error(`transformers.js wrote nothing to ${modelDir}`);
  return modelDir;
}

/** fetch errors hide the reason (DNS, refused, timeout) in `cause`; one line with both. */
function describeHubError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? err.cause.message : err.cause ? String(err.cause) : '';
  const message = err.message.split('\n')[0] ?? err.message;
  return cause && !message.includes(cause) ? `${message} (${cause})` : message;
}
