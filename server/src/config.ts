import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every environment variable the hub reads, parsed and validated once. Nothing else reads process.env;
 * the resulting object is passed down.
 */
const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  STORE: z.enum(['sqlite', 'mongo']).default('sqlite'),
  MONGODB_URI: z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 30),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/bge-small-zh-v1.5'),
  MODELS_DIR: z.string().min(1).optional(),
  /** Where transformers.js looks for models on the hub; point at a mirror where the hub is blocked. */
  HF_REMOTE_HOST: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Register/login attempts allowed per IP per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Serve this directory at `/` (the built client); defaults to client/dist beside the server. */
  CLIENT_DIR: z.string().min(1).optional(),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'mongo';
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  sessionSecret: Uint8Array;
  sessionTtlHours: number;
  embeddingModel: string;
  modelsDir: string;
  hfRemoteHost: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  authRateLimitPerMinute: number;
  clientDir: string;
  version: string;
}

/** Start-up stops with this: one line naming the variable and what is wrong with it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const repoRoot = path.resolve(__dirname, '..', '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
  }
  const e = parsed.data;
  if (e.STORE === 'mongo' && !e.MONGODB_URI) {
    throw new ConfigError('Invalid MONGODB_URI: required when STORE=mongo');
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    store: e.STORE,
    mongodbUri: e.MONGODB_URI,
    redisUrl: e.REDIS_URL,
    sessionSecret: e.SESSION_SECRET ? new TextEncoder().encode(e.SESSION_SECRET) : loadOrCreateSecret(dataDir),
    sessionTtlHours: e.SESSION_TTL_HOURS,
    embeddingModel: e.EMBEDDING_MODEL,
    modelsDir: path.resolve(e.MODELS_DIR ?? path.join(repoRoot, 'models')),
    hfRemoteHost: e.HF_REMOTE_HOST,
    logLevel: e.LOG_LEVEL,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(repoRoot, 'client', 'dist')),
    version: readVersion(),
  };
}

/** A random secret made on first run and kept in DATA_DIR (mode 0600), so tokens survive restarts. */
function loadOrCreateSecret(dataDir: string): Uint8Array {
  const file = path.join(dataDir, 'session-secret');
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const secret = crypto.randomBytes(48).toString('base64url');
  try {
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim());
  }
  return new TextEncoder().encode(secret);
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}
