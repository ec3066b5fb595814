import fs from 'node:fs';
import path from 'node:path';
import { toError } from '../../toError';

/**
 * What transformers.js reads to run a feature-extraction model with `quantized: true` from a local
 * directory (`env.localModelPath/<modelId>/...`), and a cheap check that those files are whole.
 */
export const QUANTIZED_ONNX = path.join('onnx', 'model_quantized.onnx');
export const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', QUANTIZED_ONNX] as const;

export type ModelDirCheck = { ok: true } | { ok: false; missing: boolean; problem: string };

/**
 * Checks that `dir` holds a complete model: every file present, the JSON files parse (config.json names a
 * model_type, tokenizer.json has a model), and the ONNX file's protobuf framing runs exactly to its end
 * (which catches an empty or truncated download without loading the model).
 */
export async function checkModelDir(dir: string): Promise<ModelDirCheck> {
  try {
    const stat = await fs.promises.stat(dir);
    if (!stat.isDirectory()) return { ok: false, missing: false, problem: `${dir} is not a directory` };
  } catch {
    return { ok: false, missing: true, problem: `${dir} does not exist` };
  }

  const absent: string[] = [];
  for (const file of MODEL_FILES) {
    if (!fs.existsSync(path.join(dir, file))) absent.push(file);
  }
  if (absent.length === MODEL_FILES.length) return { ok: false, missing: true, problem: `${dir} holds no model files` };
  if (absent.length > 0) return { ok: false, missing: false, problem: `${dir} lacks ${absent.join(', ')}` };

  const config = await readJsonObject(path.join(dir, 'config.json'));
  if (typeof config === 'string') return { ok: false, missing: false, problem: config };
  if (typeof config.model_type !== 'string') return { ok: false, missing: false, problem: 'config.json names no model_type' };

  const tokenizer = await readJsonObject(path.join(dir, 'tokenizer.json'));
  if (typeof tokenizer === 'string') return { ok: false, missing: false, problem: tokenizer };
  if (typeof tokenizer.model !== 'object' || tokenizer.model === null) {
    return { ok: false, missing: false, problem: 'tokenizer.json has no model section' };
  }

  const tokenizerConfig = await readJsonObject(path.join(dir, 'tokenizer_config.json'));
  if (typeof tokenizerConfig === 'string') return { ok: false, missing: false, problem: tokenizerConfig };

  const onnxProblem = await checkOnnxFraming(path.join(dir, QUANTIZED_ONNX));
  if (onnxProblem) return { ok: false, missing: false, problem: onnxProblem };
  return { ok: true };
}

/** The parsed object, or a sentence saying what is wrong with the file. */
async function readJsonObject(file: string): Promise<Record<string, unknown> | string> {
  let value: unknown;
  try {
    value = JSON.parse(await fs.promises.readFile(file, 'utf8'));
  } catch (err) {
    return `${path.basename(file)} is not valid JSON (${toError(err).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return `${path.basename(file)} is not a JSON object`;
  return value as Record<string, unknown>;
}

const ONNX_GRAPH_FIELD = 7;

/**
 * Walks the top-level fields of the ONNX ModelProto (protobuf) without reading the weights: every field
 * must fit in the file, the last must end exactly at the end, and the graph field must be there. A file cut
 * short anywhere inside the graph fails the first rule. Returns a problem sentence, or null when sound.
 */
export async function checkOnnxFraming(file: string): Promise<string | null> {
  const name = path.basename(file);
  const fd = await fs.promises.open(file, 'r');
  try {
    const { size } = await fd.stat();
    if (size === 0) return `${name} is empty`;
    const head = Buffer.alloc(32);
    let pos = 0;
    let sawGraph = false;
    for (let fields = 0; pos < size; fields++) {
      if (fields > 10_000) return `${name} does not look like an ONNX model`;
      const { bytesRead } = await fd.read(head, 0, head.length, pos);
      const view = head.subarray(0, bytesRead);
      const tag = readVarint(view, 0);
      if (!tag || tag.value === 0) return `${name} does not look like an ONNX model (bad field at byte ${pos})`;
      const field = Math.floor(tag.value / 8);
      const wireType = tag.value % 8;
      let next = pos + tag.length;
      if (wireType === 0) {
        const v = readVarint(view, tag.length);
        if (!v) return `${name} is truncated or damaged at byte ${pos}`;
        next += v.length;
      } else if (wireType === 1) {
        next += 8;
      } else if (wireType === 5) {
        next += 4;
      } else if (wireType === 2) {
        const len = readVarint(view, tag.length);
        if (!len) return `${name} is truncated or damaged at byte ${pos}`;
        next += len.length + len.value;
        if (field === ONNX_GRAPH_FIELD && len.value > 0) sawGraph = true;
      } else {
        return `${name} does not look like an ONNX model (wire type ${wireType} at byte ${pos})`;
      }
      if (next > size) return `${name} is truncated (${size} bytes; its framing needs at least ${next})`;
      pos = next;
    }
    if (!sawGraph) return `${name} has no graph`;
    return null;
  } finally {
    await fd.close();
  }
}

/** A protobuf varint as a JS number (exact up to 2^53, plenty for file offsets). */
function readVarint(buf: Buffer, offset: number): { value: number; length: number } | null {
  let value = 0;
  let scale = 1;
  for (let i = offset; i < buf.length && i < offset + 10; i++) {
    const byte = buf[i]!;
    value += (byte & 0x7f) * scale;
    scale *= 128;
    if ((byte & 0x80) === 0) return { value, length: i - offset + 1 };
  }
  return null;
}
