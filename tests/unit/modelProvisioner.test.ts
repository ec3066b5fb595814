import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { checkModelDir, checkOnnxFraming, QUANTIZED_ONNX } from '../../server/src/semantic/model/modelDirCheck';
import { ModelProvisioningError, modelDirFor, provisionModel } from '../../server/src/semantic/model/modelProvisioner';
import { recordingLogger } from '../helpers/recordingLogger';

/**
 * Real provisioning: Maven Central through `mvn dependency:copy`, the real jar, the real model. The hub
 * route needs transformers.js, an ES module that this in-process (swc -> CommonJS) runner cannot import, so
 * in-process calls take the local and maven routes; the CLI tests below run the compiled code with every
 * route, the hub pointed at a closed local port so it fails fast on any machine.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const repoModels = path.join(repoRoot, 'models');
const MODEL_ID = 'Xenova/bge-small-zh-v1.5';
const SLOW = 10 * 60_000;
const offline = ['local', 'maven'] as const;

const dirs: string[] = [];
function tempModelsDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-models-'));
  dirs.push(dir);
  return dir;
}

/** A temp models dir holding a copy of the already-provisioned model, to damage. */
function copyOfModel(): { modelsDir: string; dir: string } {
  const modelsDir = tempModelsDir();
  const dir = modelDirFor(modelsDir, MODEL_ID);
  fs.cpSync(modelDirFor(repoModels, MODEL_ID), dir, { recursive: true });
  return { modelsDir, dir };
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function runCli(env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'server', 'dist', 'semantic', 'model', 'modelFetchCli.js')], {
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

/**
 * A hub mirror on a local port serving the provisioned model's files the way the hub lays them out
 * (`/<model>/resolve/main/<file>`), so the hub route runs for real: transformers.js's own download code.
 */
async function localHubMirror(): Promise<{ url: string; requests: string[]; close(): Promise<void> }> {
  const requests: string[] = [];
  const root = modelDirFor(repoModels, MODEL_ID);
  const prefix = `/${MODEL_ID}/resolve/main/`;
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    const file = url.startsWith(prefix) ? path.join(root, url.slice(prefix.length)) : '';
    if (!file || !file.startsWith(root + path.sep) || !fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': fs.statSync(file).size });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  // The shared copy other tests reuse; fetched once per machine (models/ is git-ignored).
  await provisionModel({ modelId: MODEL_ID, modelsDir: repoModels, routes: offline });
}, SLOW);

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('checkModelDir', () => {
  it('accepts the provisioned model', async () => {
    expect(await checkModelDir(modelDirFor(repoModels, MODEL_ID))).toEqual({ ok: true });
  });

  it('reports a missing directory as missing', async () => {
    const check = await checkModelDir(path.join(tempModelsDir(), 'nothing-here'));
    expect(check).toMatchObject({ ok: false, missing: true });
  });

  it('finds a truncated ONNX file', async () => {
    const { dir } = copyOfModel();
    const onnx = path.join(dir, QUANTIZED_ONNX);
    fs.truncateSync(onnx, Math.floor(fs.statSync(onnx).size / 2));
    const check = await checkModelDir(dir);
    expect(check).toMatchObject({ ok: false, missing: false });
    expect(!check.ok && check.problem).toMatch(/model_quantized\.onnx is truncated/);
  });

  it('finds an empty ONNX file and a file that is not ONNX', async () => {
    const { dir } = copyOfModel();
    const onnx = path.join(dir, QUANTIZED_ONNX);
    fs.writeFileSync(onnx, '');
    expect(await checkOnnxFraming(onnx)).toMatch(/empty/);
    fs.writeFileSync(onnx, '<html>502 Bad Gateway</html>');
    expect(await checkOnnxFraming(onnx)).not.toBeNull();
  });

  it('finds a config.json that does not parse', async () => {
    const { dir } = copyOfModel();
    fs.writeFileSync(path.join(dir, 'config.json'), '{"model_type": "bert",');
    const check = await checkModelDir(dir);
    expect(!check.ok && check.problem).toMatch(/config\.json is not valid JSON/);
  });

  it('finds a missing tokenizer', async () => {
    const { dir } = copyOfModel();
    fs.rmSync(path.join(dir, 'tokenizer.json'));
    const check = await checkModelDir(dir);
    expect(!check.ok && check.problem).toMatch(/lacks tokenizer\.json/);
  });
});

describe('provisionModel', () => {
  it(
    'fetches the model from Maven Central into an empty models dir, laid out for transformers.js',
    async () => {
      const modelsDir = tempModelsDir();
      const model = await provisionModel({ modelId: MODEL_ID, modelsDir, routes: offline });
      expect(model).toEqual({ source: 'maven', dir: path.join(modelsDir, 'Xenova', 'bge-small-zh-v1.5') });
      expect(await checkModelDir(model.dir)).toEqual({ ok: true });
      for (const file of ['config.json', 'tokenizer.json', 'tokenizer_config.json', QUANTIZED_ONNX]) {
        expect(fs.statSync(path.join(model.dir, file)).size).toBeGreaterThan(0);
      }
      const config = JSON.parse(fs.readFileSync(path.join(model.dir, 'config.json'), 'utf8')) as Record<string, unknown>;
      expect(config).toMatchObject({ model_type: 'bert', hidden_size: 512, max_position_embeddings: 512 });
      const provenance = JSON.parse(fs.readFileSync(path.join(model.dir, 'cohort-provenance.json'), 'utf8')) as Record<string, unknown>;
      expect(provenance).toMatchObject({ source: 'maven', license: 'Apache-2.0' });
      // Only the model is left behind: no staging directory, no jar.
      expect(fs.readdirSync(modelsDir)).toEqual(['Xenova']);

      expect(await provisionModel({ modelId: MODEL_ID, modelsDir, routes: offline })).toEqual({ source: 'local', dir: model.dir });
    },
    SLOW,
  );

  it.each([
    ['a truncated ONNX file', (dir: string) => fs.truncateSync(path.join(dir, QUANTIZED_ONNX), 1_000_000)],
    ['a config.json that does not parse', (dir: string) => fs.writeFileSync(path.join(dir, 'config.json'), 'not json')],
  ])(
    'replaces a model dir with %s',
    async (_what, damage) => {
      const { modelsDir, dir } = copyOfModel();
      damage(dir);
      const { logger, records } = recordingLogger();
      const model = await provisionModel({ modelId: MODEL_ID, modelsDir, routes: offline, logger });
      const warnings = records.filter((r) => r.level === 'warn').map((r) => r.msg);
      expect(model).toEqual({ source: 'maven', dir });
      expect(await checkModelDir(dir)).toEqual({ ok: true });
      expect(warnings[0]).toMatch(/is damaged/);
      expect(fs.readdirSync(modelsDir)).toEqual(['Xenova']);
    },
    SLOW,
  );

  it('fails with one message naming every route when none can provide the model', async () => {
    const modelsDir = tempModelsDir();
    const attempt = provisionModel({ modelId: 'Cohort/no-such-model', modelsDir, routes: offline });
    await expect(attempt).rejects.toBeInstanceOf(ModelProvisioningError);
    await expect(attempt).rejects.toThrow(/Cohort\/no-such-model: local: .* does not exist; maven: no Maven artifact packages Cohort\/no-such-model/);
    expect(fs.readdirSync(modelsDir)).toEqual([]);
  });

  it('refuses model ids that would leave the models dir', async () => {
    await expect(provisionModel({ modelId: '../../etc', modelsDir: tempModelsDir() })).rejects.toThrow(/owner\/name/);
    await expect(provisionModel({ modelId: 'a/../../b', modelsDir: tempModelsDir() })).rejects.toThrow(/owner\/name/);
  });
});

describe('model:fetch CLI (compiled)', () => {
  it(
    'tries the hub, then fetches from Maven, and says so in one line',
    async () => {
      const modelsDir = tempModelsDir();
      const port = await closedPort();
      const result = await runCli({ MODELS_DIR: modelsDir, HF_REMOTE_HOST: `http://127.0.0.1:${port}/` });
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(/hub route for Xenova\/bge-small-zh-v1\.5 failed/);
      expect(result.stdout.trim().split('\n')).toEqual([`model:fetch: ${MODEL_ID} is ready in ${modelDirFor(modelsDir, MODEL_ID)} (from maven)`]);
      expect(await checkModelDir(modelDirFor(modelsDir, MODEL_ID))).toEqual({ ok: true });

      const again = await runCli({ MODELS_DIR: modelsDir, HF_REMOTE_HOST: `http://127.0.0.1:${port}/` });
      expect(again.status).toBe(0);
      expect(again.stdout).toMatch(/already there/);
    },
    SLOW,
  );

  it(
    'fetches through the hub route from a configured mirror',
    async () => {
      const mirror = await localHubMirror();
      try {
        const modelsDir = tempModelsDir();
        const result = await runCli({ MODELS_DIR: modelsDir, HF_REMOTE_HOST: mirror.url });
        expect(result.status).toBe(0);
        expect(result.stdout.trim()).toBe(`model:fetch: ${MODEL_ID} is ready in ${modelDirFor(modelsDir, MODEL_ID)} (from hub)`);
        expect(await checkModelDir(modelDirFor(modelsDir, MODEL_ID))).toEqual({ ok: true });
        expect(mirror.requests).toEqual(
          expect.arrayContaining([`/${MODEL_ID}/resolve/main/config.json`, `/${MODEL_ID}/resolve/main/onnx/model_quantized.onnx`]),
        );
        expect(fs.readdirSync(modelsDir)).toEqual(['Xenova']);
      } finally {
        await mirror.close();
      }
    },
    SLOW,
  );

  it('exits non-zero with one clear line when no route works', async () => {
    const port = await closedPort();
    const result = await runCli({
      MODELS_DIR: tempModelsDir(),
      EMBEDDING_MODEL: 'Cohort/no-such-model',
      HF_REMOTE_HOST: `http://127.0.0.1:${port}/`,
      LOG_LEVEL: 'error',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^model:fetch: Could not provision the embedding model Cohort\/no-such-model: .*hub: .*maven: no Maven artifact/);
  });
});
