import fs from 'node:fs';
import path from 'node:path';
import pino, { type Level } from 'pino';
import { toError } from '../../toError';
import type { EmbedJobResult, MainToWorker, SemanticJob, SemanticJobResult, SemanticWorkerInit, WorkerToMain } from './embeddingProtocol';
import { provisionModel, type ProvisionedModel } from '../model/modelProvisioner';
import { loadTransformers, type FeatureExtractorLike, type TensorLike, type TransformersModule } from '../model/transformersRuntime';

/**
 * The semantic worker: a child process (EmbeddingService forks it) that owns the embedding model, so the
 * hub's event loop never runs inference. It provisions the model if needed, loads it, proves it runs, says
 * 'ready', then runs jobs one at a time. A model directory that fails to load is fetched again once; if that
 * fails too it reports 'init-failed' (the service goes 'unavailable') rather than dying and being restarted
 * in a loop.
 *
 * Why a process and not a worker thread: onnxruntime-node 1.14 (what transformers.js 2.17 loads) cannot be
 * loaded again in a new thread of the same process ("Module did not self-register"), so a crashed worker
 * thread could never be replaced; keeping the addon loaded to work around that corrupts the heap (glibc
 * abort, the whole hub dies). A process also keeps a native crash in the model away from the hub.
 */

if (!process.send) throw new Error('embeddingWorker.js runs as a child process with an IPC channel (EmbeddingService forks it)');
// The hub is gone (or closed us): nothing left to do.
process.on('disconnect', () => process.exit(0));

function post(message: WorkerToMain): void {
  process.send!(message);
}

/** The worker's log: each pino record goes to the hub, which writes it into its own log. */
const logger = pino(
  { level: 'info', base: null, timestamp: false },
  {
    write(line: string) {
      const { level, msg, ...fields } = JSON.parse(line) as { level: number; msg?: string } & Record<string, unknown>;
      post({ type: 'log', level: (pino.levels.labels[level] ?? 'info') as Level, msg: msg ?? '', fields });
    },
  },
);

interface LoadedModel {
  extractor: FeatureExtractorLike;
  transformers: TransformersModule;
  provisioned: ProvisionedModel;
  pooling: SemanticWorkerInit['pooling'];
  maxTokens: number;
  dimensions: number;
}

async function loadModel(init: SemanticWorkerInit): Promise<LoadedModel> {
  const options = {
    modelId: init.modelId,
    modelsDir: init.modelsDir,
    remoteHost: init.remoteHost,
    logger,
    routes: init.provision ? undefined : (['local'] as const),
  };
  const provisioned = await provisionModel(options);
  try {
    return await openModel(init, provisioned);
  } catch (err) {
    // Files that pass the completeness check can still be damaged inside; a fresh copy is worth one try.
    if (!init.provision || provisioned.source !== 'local') throw err;
    logger.warn({ err }, `model in ${provisioned.dir} failed to load; fetching it again`);
    return await openModel(init, await provisionModel({ ...options, force: true }));
  }
}

async function openModel(init: SemanticWorkerInit, provisioned: ProvisionedModel): Promise<LoadedModel> {
  const transformers = await loadTransformers();
  const { env } = transformers;
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = init.modelsDir;
  env.useFSCache = false;
  const extractor = await transformers.pipeline('feature-extraction', init.modelId, { quantized: true });
  honorLowerCasing(extractor, provisioned.dir);

  const config = extractor.model.config;
  const limits = [init.maxTokens, extractor.tokenizer.model_max_length, config.max_position_embeddings].filter(
    (n): n is number => typeof n === 'number' && Number.isFinite(n) && n > 2,
  );
  const model: LoadedModel = { extractor, transformers, provisioned, pooling: init.pooling, maxTokens: Math.min(...limits), dimensions: 0 };
  // Run it once: proves the weights work before we say 'ready', and gives the vector width.
  const probe = await embed(model, ['模型预热 warm-up']);
  if (typeof config.hidden_size === 'number' && probe.dimensions !== config.hidden_size) {
    throw new Error(`the model gives ${probe.dimensions}-dimensional vectors but its config says ${config.hidden_size}`);
  }
  model.dimensions = probe.dimensions;
  return model;
}

/**
 * transformers.js takes lower-casing from tokenizer.json's normalizer and ignores tokenizer_config.json's
 * `do_lower_case`, which the reference (Python) tokenizer applies. bge-small-zh's tokenizer.json says
 * `lowercase: false` while its vocabulary has no capital letters, so without this every capitalised English
 * word becomes [UNK]. Following do_lower_case makes the tokens match the reference tokenizer.
 */
function honorLowerCasing(extractor: FeatureExtractorLike, dir: string): void {
  let tokenizerConfig: { do_lower_case?: unknown };
  try {
    tokenizerConfig = JSON.parse(fs.readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as { do_lower_case?: unknown };
  } catch {
    return;
  }
  const normalizer = extractor.tokenizer.normalizer?.config;
  if (tokenizerConfig.do_lower_case === true && normalizer?.type === 'BertNormalizer' && !normalizer.lowercase) {
    normalizer.lowercase = true;
  }
}

/**
 * A text longer than this many characters per allowed token cannot fit anyway; cutting it first keeps a
 * megabyte of input from costing a megabyte of tokenization.
 */
const MAX_CHARS_PER_TOKEN = 64;

/**
 * How texts go through the model. A job of background texts (the indexer's) runs in length-sorted batches:
 * measured here (2 cores, 400 short texts) that is 1.2-1.5x the model throughput of one text per call,
 * where padded batches of mixed lengths were about 2x slower, hence the sort and the padding bound below.
 * The price: the int8 model quantizes activations per call over the whole batch, padding included, so a
 * text's vector moves slightly with its batch-mates (cosine to its lone vector 0.992 or more measured,
 * tests/integration/embeddingService.test.ts holds it at 0.98). A job marked `separately` (search queries)
 * runs one text per call, so a query's vector never depends on what else was being embedded.
 */
async function embed(model: LoadedModel, texts: string[], separately = false): Promise<{ dimensions: number; vectors: Float32Array }> {
  const { tokenizer } = model.extractor;
  const maxChars = model.maxTokens * MAX_CHARS_PER_TOKEN;
  const encoded = tokenizer(
    texts.map((t) => (t.length > maxChars ? t.slice(0, maxChars) : t)),
    { padding: false, truncation: false, return_tensor: false },
  );
  const rows = texts.map((_, i) => truncateRow(encoded, i, model.maxTokens, tokenizer.sep_token_id));
  let vectors: Float32Array | undefined;
  let dimensions = 0;
  for (const group of separately ? rows.map((_, i) => [i]) : lengthGroups(rows)) {
    const pooled = await runBatch(model, group.map((i) => rows[i]!));
    group.forEach((rowIndex, k) => {
      const vector = pooled[k]!;
      dimensions = vector.length;
      vectors ??= new Float32Array(texts.length * dimensions);
      vectors.set(vector, rowIndex * dimensions);
    });
  }
  return { dimensions, vectors: vectors ?? new Float32Array(0) };
}

/**
 * Row indexes grouped for batched model calls: sorted by token count, and a group closes when the next row
 * would be padded past 30% + 8 tokens of the group's shortest, so little of a batch is padding.
 */
function lengthGroups(rows: EncodedRow[]): number[][] {
  const order = rows.map((_, i) => i).sort((a, b) => rows[a]!.input_ids!.length - rows[b]!.input_ids!.length);
  const groups: number[][] = [];
  let shortest = 0;
  for (const index of order) {
    const length = rows[index]!.input_ids!.length;
    const group = groups[groups.length - 1];
    if (group && length <= shortest * 1.3 + 8) {
      group.push(index);
    } else {
      groups.push([index]);
      shortest = length;
    }
  }
  return groups;
}

type EncodedRow = Record<string, number[]>;

/**
 * Cuts one encoded text to `maxTokens`, keeping its closing separator the way the reference tokenizer
 * truncates ([CLS] first tokens [SEP]). transformers.js's own truncation just cuts, dropping the [SEP].
 */
function truncateRow(encoded: Record<string, number[][]>, index: number, maxTokens: number, sepId: number | undefined): EncodedRow {
  const row: EncodedRow = {};
  for (const [key, all] of Object.entries(encoded)) {
    const values = all[index]!;
    if (values.length <= maxTokens) {
      row[key] = values;
      continue;
    }
    const cut = values.slice(0, maxTokens);
    if (key === 'input_ids' && sepId !== undefined && values[values.length - 1] === sepId) cut[maxTokens - 1] = sepId;
    else if (key !== 'input_ids') cut[maxTokens - 1] = values[values.length - 1]!;
    row[key] = cut;
  }
  if (!row.input_ids) throw new Error('the tokenizer produced no input_ids');
  return row;
}

/**
 * One model call for `rows`, padded to the longest (pad id 0, attention mask 0, which is how BERT tokenizers
 * pad); each row pooled over its own tokens and L2-normalized.
 */
async function runBatch(model: LoadedModel, rows: EncodedRow[]): Promise<Float32Array[]> {
  const { extractor, transformers } = model;
  const lengths = rows.map((row) => row.input_ids!.length);
  const width = Math.max(...lengths);
  const padId = BigInt(extractor.tokenizer.pad_token_id ?? 0);
  const inputs: Record<string, unknown> = {};
  for (const name of extractor.model.session.inputNames) {
    if (!rows[0]![name] && name !== 'token_type_ids') throw new Error(`the model wants an input "${name}" the tokenizer does not make`);
    const data = new BigInt64Array(rows.length * width);
    rows.forEach((row, r) => {
      const values = row[name];
      if (values) values.forEach((v, t) => (data[r * width + t] = BigInt(v)));
      if (name === 'input_ids') data.fill(padId, r * width + lengths[r]!, (r + 1) * width);
    });
    inputs[name] = new transformers.Tensor('int64', data, [rows.length, width]);
  }
  const outputs = await extractor.model(inputs);
  const hidden: TensorLike | undefined = outputs.last_hidden_state ?? outputs.token_embeddings;
  if (!hidden || hidden.dims.length !== 3 || hidden.dims[0] !== rows.length) {
    throw new Error('the model did not return token embeddings (last_hidden_state)');
  }
  const dims = hidden.dims[2]!;
  const steps = hidden.dims[1]!;
  return lengths.map((length, r) => {
    const base = r * steps * dims;
    let vector: Float32Array;
    if (model.pooling === 'cls') {
      vector = hidden.data.slice(base, base + dims);
    } else {
      vector = new Float32Array(dims);
      for (let t = 0; t < length; t++) {
        for (let d = 0; d < dims; d++) vector[d] = vector[d]! + hidden.data[base + t * dims + d]!;
      }
      for (let d = 0; d < dims; d++) vector[d] = vector[d]! / length;
    }
    let norm = 0;
    for (let d = 0; d < dims; d++) norm += vector[d]! * vector[d]!;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dims; d++) vector[d] = vector[d]! / norm;
    return vector;
  });
}

async function runJob(model: LoadedModel, job: SemanticJob): Promise<SemanticJobResult> {
  switch (job.kind) {
    case 'embed': {
      const result: EmbedJobResult = { kind: 'embed', ...(await embed(model, job.texts, job.separately === true)) };
      return result;
    }
    default: {
      const unknownJob: never = job.kind;
      throw new Error(`unknown job kind ${String(unknownJob)}`);
    }
  }
}

function errorMessage(err: unknown): string {
  return toError(err).message.split('\n')[0] ?? '';
}

let started = false;
let loaded: LoadedModel | undefined;
let queue = Promise.resolve();
process.on('message', (message: MainToWorker) => {
  if (message.type === 'init') {
    if (started) return;
    started = true;
    queue = loadModel(message.init).then(
      (model) => {
        loaded = model;
        post({
          type: 'ready',
          modelDir: model.provisioned.dir,
          source: model.provisioned.source,
          dimensions: model.dimensions,
          maxTokens: model.maxTokens,
        });
      },
      (err: unknown) => post({ type: 'init-failed', error: errorMessage(err) }),
    );
    return;
  }
  // One job at a time, after the model has loaded: the model session is not ours to run concurrently.
  queue = queue.then(async () => {
    try {
      if (!loaded) throw new Error('the model is not loaded');
      const result = await runJob(loaded, message.job);
      post({ type: 'result', id: message.id, ok: true, result });
    } catch (err) {
      post({ type: 'result', id: message.id, ok: false, error: errorMessage(err) });
    }
  });
});
