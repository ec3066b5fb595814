import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PayloadTooLargeError } from '../../server/src/domain/errors';
import {
  EmbeddingFailedError,
  EmbeddingQueueFullError,
  EmbeddingService,
  EmbeddingUnavailableError,
  defaultWorkerFile,
  type EmbeddingServiceOptions,
} from '../../server/src/semantic/embedding/embeddingService';
import { QUANTIZED_ONNX } from '../../server/src/semantic/model/modelDirCheck';
import { modelDirFor, provisionModel } from '../../server/src/semantic/model/modelProvisioner';
import { recordingLogger } from '../helpers/recordingLogger';

/**
 * The real model in a real worker process (the compiled server/dist/semantic/embedding/embeddingWorker.js, which
 * `npm test` builds first). The model in <repo>/models is provisioned once and shared.
 */

const repoRoot = path.resolve(__dirname, '..', '..');
const repoModels = path.join(repoRoot, 'models');
const MODEL_ID = 'Xenova/bge-small-zh-v1.5';
const SLOW = 10 * 60_000;

const dot = (a: Float32Array, b: Float32Array): number => a.reduce((sum, v, i) => sum + v * b[i]!, 0);
const maxAbsDiff = (a: Float32Array, b: Float32Array): number => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
/**
 * How close a text's vector from a batch must stay to its vector alone. The int8 model quantizes a whole
 * batch's activations together, so batch-mates move a vector a little (0.992 or more measured, see
 * embeddingWorker.ts); a mix-up of rows would score far lower.
 */
const BATCH_DRIFT_COSINE = 0.98;

const services: EmbeddingService[] = [];
const dirs: string[] = [];
let hubHost: string;

/** A service on the shared model whose hub route (if ever needed) fails fast at a closed local port. */
function newService(options: Partial<EmbeddingServiceOptions> = {}): EmbeddingService {
  const service = new EmbeddingService({ modelId: MODEL_ID, modelsDir: repoModels, remoteHost: hubHost, ...options });
  services.push(service);
  return service;
}

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-embed-'));
  dirs.push(dir);
  return dir;
}

let shared: EmbeddingService;

beforeAll(async () => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hubHost = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
  await new Promise<void>((resolve) => server.close(() => resolve()));

  await provisionModel({ modelId: MODEL_ID, modelsDir: repoModels, routes: ['local', 'maven'] });
  shared = newService();
  await shared.start();
}, SLOW);

afterAll(async () => {
  await Promise.all(services.map((s) => s.close()));
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('EmbeddingService with bge-small-zh-v1.5', () => {
  it('is ready with 512-dimensional vectors', () => {
    expect(shared.state).toBe('ready');
    expect(shared.dimensions).toBe(512);
    expect(shared.modelId).toBe(MODEL_ID);
    expect(shared.modelSource).toBe('local');
  });

  it('returns one normalized 512-dimensional vector per text, in order', async () => {
    const texts = ['创业公司如何融资', 'How do founders raise money?', '', '🙂'];
    const vectors = await shared.embed(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      // (The worker's arrays come from another realm than jest's sandbox, so no instanceof.)
      expect(Object.prototype.toString.call(v)).toBe('[object Float32Array]');
      expect(v.length).toBe(512);
      expect(v.every(Number.isFinite)).toBe(true);
      expect(Math.abs(Math.sqrt(dot(v, v)) - 1)).toBeLessThan(1e-4);
    }
    // Order is kept: the same text alone gives (within batch drift) the same vector as in the list.
    const [second] = await shared.embed([texts[1]!]);
    expect(dot(second!, vectors[1]!)).toBeGreaterThan(BATCH_DRIFT_COSINE);
    expect(dot(vectors[0]!, vectors[1]!)).toBeLessThan(0.99);
  });

  // [anchor, related, unrelated]; each related pair must beat both of its unrelated pairs.
  const zh: Array<[string, string, string]> = [
    ['如何申请创业贷款', '创业公司怎样获得银行贷款', '巧克力蛋糕的简单做法'],
    ['我们正在招聘前端工程师', '团队需要一名会React的网页开发人员', '暴雨过后河水淹没了村庄'],
    ['这款手机的电池续航很长', '该智能手机充一次电能用好几天', '古罗马的历史和皇帝'],
    ['用机器学习检测欺诈', '利用神经网络识别支付诈骗', '种植西红柿的园艺技巧'],
    ['猫在沙发上睡觉', '一只小猫在长椅上打盹', '公司季度报税截止日期'],
  ];
  const en: Array<[string, string, string]> = [
    ['How do I raise seed funding for my startup?', 'Tips for getting early-stage investors to back a new company', 'A simple recipe for chocolate cake'],
    ['We are hiring a frontend engineer', 'Our team needs a web developer who knows React', 'The river flooded the village after heavy rain'],
    ['This phone has great battery life', 'The smartphone lasts several days on one charge', 'Ancient Roman history and emperors'],
    ['machine learning for fraud detection', 'using neural networks to catch payment fraud', 'gardening tips for growing tomatoes'],
    ['The cat is sleeping on the sofa', 'A kitten naps on the couch', 'Quarterly tax filing deadline for corporations'],
  ];

  async function scores(triplets: Array<[string, string, string]>): Promise<{ related: number[]; unrelated: number[]; margins: number[] }> {
    const related: number[] = [];
    const unrelated: number[] = [];
    const margins: number[] = [];
    for (const [a, b, c] of triplets) {
      const [va, vb, vc] = await shared.embed([a, b, c]);
      const rel = dot(va!, vb!);
      const unr = [dot(va!, vc!), dot(vb!, vc!)];
      related.push(rel);
      unrelated.push(...unr);
      margins.push(rel - Math.max(...unr));
    }
    return { related, unrelated, margins };
  }
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

  it('scores related Chinese pairs clearly above unrelated ones', async () => {
    const { related, unrelated, margins } = await scores(zh);
    // Measured: related 0.60-0.84 (mean 0.68), unrelated 0.04-0.31 (mean 0.22); smallest margin 0.30.
    expect(Math.min(...margins)).toBeGreaterThan(0.2);
    expect(mean(related) - mean(unrelated)).toBeGreaterThan(0.3);
  });

  it('scores related English pairs above unrelated ones', async () => {
    const { related, unrelated, margins } = await scores(en);
    // A Chinese model: English scores are compressed. Measured: related 0.64-0.68 (mean 0.65), unrelated
    // 0.40-0.55 (mean 0.48); every related pair beats its own unrelated pairs by 0.09 or more.
    expect(Math.min(...margins)).toBeGreaterThan(0.04);
    expect(mean(related) - mean(unrelated)).toBeGreaterThan(0.1);
  });

  it('lower-cases English as the model expects (capitals are not unknown tokens)', async () => {
    const [upper, lower] = await shared.embed(['Founders Raise Seed Funding', 'founders raise seed funding']);
    expect(dot(upper!, lower!)).toBeGreaterThan(0.9999);
  });

  it('cuts texts at 512 tokens: what follows the limit does not change the vector', async () => {
    const long = '创业者在社区里讨论融资、招聘和产品。'.repeat(60); // ~1000 tokens
    const [a, b, short] = await shared.embed([long, `${long}然后话题完全转向了天气和旅游。`, long.slice(0, 100)]);
    expect(maxAbsDiff(a!, b!)).toBeLessThan(1e-6);
    expect(dot(a!, short!)).toBeLessThan(0.9999);
    const [huge] = await shared.embed(['x'.repeat(2_000_000)]);
    expect(huge!.length).toBe(512);
  });

  const hundred = Array.from({ length: 100 }, (_, i) =>
    i % 2 === 0 ? `第${i}条消息：我们在讨论第${i % 7}轮融资和招聘计划` : `Message ${i}: founders compare notes on hiring engineer number ${i % 5}`,
  );

  it('batches 100 concurrent calls and gives each its own vector', async () => {
    const together = await Promise.all(hundred.map((t) => shared.embed([t])));
    expect(together.every((r) => r.length === 1 && r[0]!.length === 512)).toBe(true);
    const alone = await Promise.all(hundred.map((t) => shared.embed([t], { interactive: true })));
    for (let i = 0; i < hundred.length; i++) {
      // Each caller got the vector of its own text: closer to that text alone than to any other text alone.
      const own = dot(alone[i]![0]!, together[i]![0]!);
      expect(own).toBeGreaterThan(BATCH_DRIFT_COSINE);
      for (const j of [i - 1, i + 1, i + 2].filter((k) => k >= 0 && k < hundred.length)) {
        expect(dot(alone[j]![0]!, together[i]![0]!)).toBeLessThan(own);
      }
    }
  });

  it('embeds an interactive text alone: its vector does not depend on what else is queued', async () => {
    const query = '怎么找到懂机器学习的联合创始人 co-founder';
    const [idle] = await shared.embed([query], { interactive: true });
    // The same query again, while background batches of other texts are queued and running.
    const background = shared.embed(hundred);
    const [busy] = await shared.embed([query], { interactive: true });
    const [batched] = await shared.embed([query, ...hundred.slice(0, 31)]);
    await background;
    expect(maxAbsDiff(idle!, busy!)).toBeLessThan(1e-6);
    expect(dot(idle!, batched!)).toBeGreaterThan(BATCH_DRIFT_COSINE);
  });

  it('lets an interactive call go ahead of queued background work', async () => {
    const finished: string[] = [];
    const backlog = Array.from({ length: 8 }, (_, k) =>
      shared.embed(hundred.map((t) => `${t} (${k})`)).then(() => finished.push(`background ${k}`)),
    );
    await new Promise((resolve) => setImmediate(resolve));
    const query = shared.embed(['插队的搜索 query'], { interactive: true }).then(() => finished.push('query'));
    await Promise.all([...backlog, query]);
    // At most the batch already in the worker (part of the first background call) ran before it.
    expect(finished.indexOf('query')).toBeLessThanOrEqual(1);
  });

  it('resolves an empty list at once and rejects anything but strings', async () => {
    await expect(shared.embed([])).resolves.toEqual([]);
    await expect(shared.embed(['ok', 42 as unknown as string])).rejects.toBeInstanceOf(TypeError);
  });
});

describe('EmbeddingService under load and failure', () => {
  it(
    'replaces a killed worker and still answers every pending request',
    async () => {
      const service = newService();
      await service.start();
      const texts = Array.from({ length: 80 }, (_, i) => `重启测试 restart test ${i}`);
      const expected = await shared.embed(texts);
      const firstPid = service.workerPid!;
      const pending = texts.map((t) => service.embed([t]));
      // SIGKILL: as the OOM killer would; some batch is in the worker, the rest wait in the queue.
      process.kill(firstPid, 'SIGKILL');
      const results = await Promise.all(pending);
      results.forEach(([v], i) => expect(dot(v!, expected[i]!)).toBeGreaterThan(BATCH_DRIFT_COSINE));
      expect(service.state).toBe('ready');
      expect(service.workerPid).not.toBe(firstPid);
    },
    SLOW,
  );

  /**
   * A test-only worker entry: the real worker, behind a listener that sees each message first. On
   * '__poison__' it dies, as a native crash would; '__bad__' it turns into a non-string, so the real worker's
   * job fails with an error.
   */
  function troubledWorkerFile(): string {
    const file = path.join(tempDir(), 'troubledWorker.js');
    fs.writeFileSync(
      file,
      `process.on('message', (m) => {\n` +
        `  if (!m || m.type !== 'run') return;\n` +
        `  if (m.job.texts.includes('__poison__')) process.exit(70);\n` +
        `  m.job.texts = m.job.texts.map((t) => (t === '__bad__' ? null : t));\n` +
        `});\n` +
        `require(${JSON.stringify(defaultWorkerFile())});\n`,
    );
    return file;
  }

  it(
    'rejects only the request the worker keeps dying on',
    async () => {
      const service = newService({ workerFile: troubledWorkerFile() });
      await service.start();
      const good = Array.from({ length: 5 }, (_, i) => service.embed([`good text ${i}`]));
      const poisoned = service.embed(['__poison__']);
      await expect(poisoned).rejects.toBeInstanceOf(EmbeddingFailedError);
      const vectors = await Promise.all(good);
      expect(vectors.every((r) => r[0]!.length === 512)).toBe(true);
      // The worker that died on it was replaced; the service carries on.
      await expect(service.embed(['after the crash'])).resolves.toHaveLength(1);
      expect(service.state).toBe('ready');
    },
    SLOW,
  );

  it(
    'rejects only the request a job fails on, not its batch-mates',
    async () => {
      const service = newService({ workerFile: troubledWorkerFile() });
      await service.start();
      const pid = service.workerPid;
      const good = Array.from({ length: 5 }, (_, i) => service.embed([`fine text ${i}`]));
      const bad = service.embed(['__bad__']);
      await expect(bad).rejects.toBeInstanceOf(EmbeddingFailedError);
      await expect(bad).rejects.toThrow(/^Embedding failed: /);
      expect((await Promise.all(good)).every((r) => r[0]!.length === 512)).toBe(true);
      // An error in a job is not a crash: same worker, still ready.
      expect(service.workerPid).toBe(pid);
      expect(service.state).toBe('ready');
    },
    SLOW,
  );

  it('rejects at once what does not fit in the queue, and accepts again once it drains', async () => {
    const service = newService({ maxQueuedTexts: 8 });
    void service.start();
    // Counted from the moment of the call, whatever the worker is doing: 8 texts fit, the 9th does not.
    const accepted = [service.embed(['一', '二', '三', '四']), service.embed(['five', 'six', 'seven', 'eight'])];
    const overflow = service.embed(['nine']);
    await expect(overflow).rejects.toBeInstanceOf(EmbeddingQueueFullError);
    await expect(overflow).rejects.toMatchObject({ status: 503 });
    await expect(service.embed(Array.from({ length: 9 }, () => 'x'))).rejects.toBeInstanceOf(PayloadTooLargeError);
    const done = await Promise.all(accepted);
    expect(done.map((r) => r.length)).toEqual([4, 4]);
    await expect(service.embed(['nine'])).resolves.toHaveLength(1);
  }, SLOW);

  it('is unavailable, without restarting, when the model cannot be had; embed answers 503', async () => {
    const service = newService({ modelId: 'Cohort/no-such-model', modelsDir: tempDir() });
    await service.start();
    expect(service.state).toBe('unavailable');
    expect(service.unavailableReason).toMatch(/Could not provision the embedding model Cohort\/no-such-model/);
    expect(service.dimensions).toBeNull();
    expect(service.workerPid).toBeNull();
    const attempt = service.embed(['hello']);
    await expect(attempt).rejects.toBeInstanceOf(EmbeddingUnavailableError);
    await expect(attempt).rejects.toMatchObject({ status: 503 });
  }, SLOW);

  it(
    'fetches the model again when the local copy looks whole but does not load',
    async () => {
      const modelsDir = tempDir();
      const dir = modelDirFor(modelsDir, MODEL_ID);
      fs.cpSync(modelDirFor(repoModels, MODEL_ID), dir, { recursive: true });
      // Sound protobuf framing with a graph field, so the file check passes; onnxruntime cannot load it.
      fs.writeFileSync(path.join(dir, QUANTIZED_ONNX), Buffer.from([0x08, 0x07, 0x3a, 0x02, 0x0a, 0x00]));
      const { logger, records } = recordingLogger();
      const service = newService({ modelsDir, logger });
      await service.start();
      const warnings = records.filter((r) => r.level === 'warn').map((r) => r.msg);
      expect(service.state).toBe('ready');
      expect(service.modelSource).toBe('maven');
      expect(warnings.some((w) => /failed to load/.test(w))).toBe(true);
      const [v] = await service.embed(['修好了'], { interactive: true });
      const [reference] = await shared.embed(['修好了'], { interactive: true });
      expect(maxAbsDiff(v!, reference!)).toBeLessThan(1e-6);
    },
    SLOW,
  );

  it('close() rejects what is pending and refuses new work', async () => {
    const service = newService();
    void service.start();
    const pending = expect(service.embed(['never mind'])).rejects.toBeInstanceOf(EmbeddingUnavailableError);
    await service.close();
    await pending;
    await expect(service.embed(['again'])).rejects.toThrow(/closed/);
    expect(service.state).toBe('unavailable');
    expect(service.workerPid).toBeNull();
  });
});
