import fs from 'node:fs';
import path from 'node:path';
import { createLogger, type Logger } from '../../logger';
import { toError } from '../../toError';
import { fetchFromHub } from './hubModelRoute';
import { MAVEN_MODEL_ARTIFACTS, fetchFromMaven } from './mavenModelRoute';
import { checkModelDir } from './modelDirCheck';

export type ModelSource = 'local' | 'hub' | 'maven';

export interface ProvisionOptions {
  /** A transformers.js model id, `owner/name`. */
  modelId: string;
  /** Models live at `<modelsDir>/<modelId>/`, the layout transformers.js loads with `env.localModelPath = modelsDir`. */
  modelsDir: string;
  /** Hub mirror for the hub route. */
  remoteHost?: string;
  /** Where progress goes, as it is (the caller's module); nowhere when absent. */
  logger?: Logger;
  /** The routes to try, in this order; default all three. */
  routes?: readonly ModelSource[];
  /** Replace the local copy even if it looks complete (it failed to load). */
  force?: boolean;
  /** How long the hub may take to answer a request before the hub route gives up. */
  hubAnswerTimeoutMs?: number;
  mavenCommand?: string;
}

export interface ProvisionedModel {
  source: ModelSource;
  /** The model's directory, `<modelsDir>/<modelId>`. */
  dir: string;
}

/** Every route failed; the message names each route and why, on one line. */
export class ModelProvisioningError extends Error {
  override name = 'ModelProvisioningError';
  constructor(
    readonly modelId: string,
    readonly failures: readonly string[],
  ) {
    super(`Could not provision the embedding model ${modelId}: ${failures.join('; ')}`);
  }
}

const ALL_ROUTES: readonly ModelSource[] = ['local', 'hub', 'maven'];
const MODEL_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)?$/;
const STAGING_PREFIX = '.staging-';
const STALE_STAGING_MS = 60 * 60_000;

/** The directory a model id maps to; rejects ids that could climb out of the models directory. */
export function modelDirFor(modelsDir: string, modelId: string): string {
  if (!MODEL_ID.test(modelId) || modelId.split('/').some((part) => part === '.' || part === '..')) {
    throw new ModelProvisioningError(modelId, ['the model id must look like owner/name']);
  }
  return path.join(modelsDir, ...modelId.split('/'));
}

/**
 * Makes sure `<modelsDir>/<modelId>` holds a complete model, trying in order: the copy already there, the
 * Hugging Face hub through transformers.js, the Maven Central artifact (bge-small-zh-v1.5 only). A fetched
 * model is assembled in a staging directory inside modelsDir and renamed into place, so an interrupted
 * fetch never leaves a half model where the loader looks. Throws ModelProvisioningError when all fail.
 */
export async function provisionModel(options: ProvisionOptions): Promise<ProvisionedModel> {
  const { modelId, modelsDir } = options;
  const log = options.logger ?? createLogger('silent');
  const dir = modelDirFor(modelsDir, modelId);
  const routes = options.routes ?? ALL_ROUTES;
  const failures: string[] = [];

  if (routes.includes('local') && !options.force) {
    const check = await checkModelDir(dir);
    if (check.ok) return { source: 'local', dir };
    failures.push(`local: ${check.problem}`);
    if (!check.missing) log.warn(`model ${modelId} in ${dir} is damaged (${check.problem}); fetching it again`);
  }

  await fs.promises.mkdir(modelsDir, { recursive: true });
  await removeStaleStaging(modelsDir);

  for (const route of routes) {
    if (route === 'local') continue;
    if (route === 'maven' && !MAVEN_MODEL_ARTIFACTS[modelId]) {
      failures.push(`maven: no Maven artifact packages ${modelId}`);
      continue;
    }
    const staging = await fs.promises.mkdtemp(path.join(modelsDir, STAGING_PREFIX));
    try {
      log.info(route === 'hub' ? `fetching ${modelId} from the model hub` : `fetching ${modelId} from Maven Central (mvn dependency:copy)`);
      const built =
        route === 'hub'
          ? await fetchFromHub({ modelId, stagingDir: staging, remoteHost: options.remoteHost, answerTimeoutMs: options.hubAnswerTimeoutMs })
          : await fetchFromMaven({ modelId, stagingDir: staging, mavenCommand: options.mavenCommand });
      const check = await checkModelDir(built);
      if (!check.ok) throw new Error(`the fetched model is incomplete: ${check.problem}`);
      await installModelDir(built, dir, staging, options.force === true);
      log.info(`model ${modelId} is in ${dir} (from ${route})`);
      return { source: route, dir };
    } catch (err) {
      failures.push(`${route}: ${toError(err).message}`);
      log.warn({ err }, `${route} route for ${modelId} failed`);
    } finally {
      await fs.promises.rm(staging, { recursive: true, force: true });
    }
  }
  throw new ModelProvisioningError(modelId, failures);
}

/**
 * Renames the finished model into place. If a directory is already there, it is either the damaged copy
 * we are replacing (moved aside into the staging dir, which is then deleted) or a complete model another
 * process installed meanwhile (kept, ours dropped).
 */
async function installModelDir(built: string, dir: string, staging: string, force: boolean): Promise<void> {
  await fs.promises.mkdir(path.dirname(dir), { recursive: true });
  try {
    await fs.promises.rename(built, dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM' && code !== 'EISDIR' && code !== 'ENOTDIR') throw err;
  }
  if (!force && (await checkModelDir(dir)).ok) return;
  const aside = path.join(staging, 'replaced');
  await fs.promises.rename(dir, aside);
  await fs.promises.rename(built, dir);
}

/** Staging dirs left by a fetch that was killed; an hour is far longer than any live fetch. */
async function removeStaleStaging(modelsDir: string): Promise<void> {
  const now = Date.now();
  for (const name of await fs.promises.readdir(modelsDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const full = path.join(modelsDir, name);
    try {
      const stat = await fs.promises.stat(full);
      if (now - stat.mtimeMs > STALE_STAGING_MS) await fs.promises.rm(full, { recursive: true, force: true });
    } catch {
      // Gone already (another process cleaned it).
    }
  }
}
