/**
 * The one place that loads @xenova/transformers. It is ESM-only and this package compiles to CommonJS, so it
 * comes in through a real dynamic `import()` (TypeScript keeps it as-is under module Node16). Its own
 * typings declare several settings read-only and type the objects we use loosely, so this module states the
 * small surface Cohort relies on.
 *
 * Only compiled code may call this: a test runner that rewrites `import()` into `require()` (swc, ts-jest
 * to CommonJS) cannot load an ES module in-process. The embedding worker and the model-fetch CLI run compiled.
 */

export interface TransformersEnv {
  allowRemoteModels: boolean;
  allowLocalModels: boolean;
  remoteHost: string;
  localModelPath: string;
  useFSCache: boolean;
  useBrowserCache: boolean;
  cacheDir: string | null;
}

export interface TensorLike {
  data: Float32Array;
  dims: number[];
}

/** The tokenizer's call with `return_tensor: false`: one id array per text. */
export interface TokenizerLike {
  (texts: string[], options: { padding: boolean; truncation: boolean; return_tensor: false }): Record<string, number[][]>;
  model_max_length?: number;
  sep_token_id?: number;
  pad_token_id?: number;
  /** A BertNormalizer exposes its tokenizer.json settings here. */
  normalizer?: { config?: { type?: string; lowercase?: boolean } } | null;
}

export interface EncoderModelLike {
  (inputs: Record<string, unknown>): Promise<Record<string, TensorLike | undefined>>;
  config: Record<string, unknown>;
  session: { inputNames: string[] };
  dispose?: () => Promise<unknown>;
}

export interface FeatureExtractorLike {
  tokenizer: TokenizerLike;
  model: EncoderModelLike;
  dispose?: () => Promise<unknown>;
}

export interface TransformersModule {
  env: TransformersEnv;
  pipeline(task: 'feature-extraction', model: string, options: { quantized: boolean }): Promise<FeatureExtractorLike>;
  AutoConfig: { from_pretrained(model: string): Promise<unknown> };
  AutoTokenizer: { from_pretrained(model: string): Promise<unknown> };
  AutoModel: { from_pretrained(model: string, options: { quantized: boolean }): Promise<{ dispose?: () => Promise<unknown> }> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => unknown;
}

let loaded: Promise<TransformersModule> | undefined;

export function loadTransformers(): Promise<TransformersModule> {
  loaded ??= import('@xenova/transformers').then((m) => m as unknown as TransformersModule);
  return loaded;
}
