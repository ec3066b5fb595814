import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { normaliseOrigin } from './edge/originPolicy';

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
  /**
   * Which proxies' X-Forwarded-For to believe (Express `trust proxy`): `loopback`, `uniquelocal` (private
   * networks, e.g. nginx in docker compose), or comma-separated addresses/CIDRs. Per-IP limits use it.
   */
  /** Prefix of every Redis key, stream and channel the hub uses, so several deployments can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.-]{1,40}$/, 'must be 1-40 letters, digits, _ . -').default('cohort'),
  /** With REDIS_URL: a crashed process's users drop out of presence within about this long (plus a third). */
  PRESENCE_TTL_SECONDS: z.coerce.number().min(1).max(300).default(15),
  TRUST_PROXY: z.string().regex(/^[A-Za-z0-9.:/, ]+$/, 'must be loopback, uniquelocal, or addresses/CIDRs').default('loopback'),
  /** The address users reach the hub at (e.g. https://cohort.example.org); its origin is trusted. */
  // Empty means unset, so compose files can pass it through as `${PUBLIC_URL:-}`.
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url('must be a URL such as https://cohort.example.org').regex(/^https?:\/\//, 'must be an http(s) URL').optional()),
  /** Comma-separated browser origins trusted besides PUBLIC_URL's; unset (and no PUBLIC_URL): the hub's own origin. */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s, ctx) => {
      const origins: string[] = [];
      for (const part of s.split(',').map((o) => o.trim()).filter(Boolean)) {
        try {
          origins.push(normaliseOrigin(part));
        } catch {
          ctx.addIssue({ code: 'custom', message: `${part} is not an origin (scheme://host[:port], no path)` });
          return z.NEVER;
        }
      }
      return origins;
    }),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(24 * 30),
  /** `off` runs the hub without the model (suggestions answer 503), e.g. on a machine short of memory. */
  EMBEDDINGS: z.enum(['on', 'off']).default('on'),
  EMBEDDING_MODEL: z.string().min(1).default('Xenova/bge-small-zh-v1.5'),
  MODELS_DIR: z.string().min(1).optional(),
  /** Where transformers.js looks for models on the hub; point at a mirror where the hub is blocked. */
  HF_REMOTE_HOST: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Register/login attempts allowed per IP per minute. */
  AUTH_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(10),
  /** Serve this directory at `/` (the built client); defaults to client/dist beside the server. */
  CLIENT_DIR: z.string().min(1).optional(),
  /** Chat messages one user may send in a burst, and how many a second after it. */
  CHAT_SEND_BURST: z.coerce.number().int().min(1).default(10),
  CHAT_SEND_PER_SECOND: z.coerce.number().positive().default(2),
  /** How long a `typing` claim lasts without a refresh. */
  CHAT_TYPING_TTL_MS: z.coerce.number().int().min(100).max(60_000).default(6000),
  /** Comma-separated usernames of community moderators: they may delete anyone's threads and replies. */
  MODERATORS: z
    .string()
    .default('')
    .transform((s) => [...new Set(s.split(',').map((u) => u.trim().toLowerCase()).filter(Boolean))])
    .refine((names) => names.every((u) => /^[a-z0-9_.-]{3,32}$/.test(u)), 'must be comma-separated usernames'),
  /** A notebook document leaves memory this long after its last client goes (flushed and compacted first). */
  NOTEBOOK_UNLOAD_AFTER_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  /** Merge a notebook's update log into a snapshot once it holds this many updates. */
  NOTEBOOK_COMPACT_AFTER_UPDATES: z.coerce.number().int().min(1).default(500),
  /** At most one automatic notebook version per this many seconds of editing. */
  NOTEBOOK_AUTO_VERSION_SECONDS: z.coerce.number().int().min(1).default(600),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: 'sqlite' | 'mongo';
  mongodbUri: string | undefined;
  redisUrl: string | undefined;
  trustProxy: string;
  /** Browser origins trusted for cookie-authenticated requests and sockets; empty: same-origin only. */
  allowedOrigins: string[];
  redisPrefix: string;
  presenceTtlMs: number;
  sessionSecret: Uint8Array;
  sessionTtlHours: number;
  embeddingsEnabled: boolean;
  embeddingModel: string;
  modelsDir: string;
  hfRemoteHost: string | undefined;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  authRateLimitPerMinute: number;
  clientDir: string;
  version: string;
  chat: { sendBurst: number; sendPerSecond: number; typingTtlMs: number };
  /** Lower-case usernames of community moderators. */
  moderators: string[];
  notebooks: { unloadAfterMs: number; compactAfterUpdates: number; autoVersionEveryMs: number };
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
    trustProxy: e.TRUST_PROXY,
    allowedOrigins: [...new Set([...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []), ...e.ALLOWED_ORIGINS])],
    redisPrefix: e.REDIS_PREFIX,
    presenceTtlMs: Math.round(e.PRESENCE_TTL_SECONDS * 1000),
    sessionSecret: e.SESSION_SECRET ? new TextEncoder().encode(e.SESSION_SECRET) : loadOrCreateSecret(dataDir),
    sessionTtlHours: e.SESSION_TTL_HOURS,
    embeddingsEnabled: e.EMBEDDINGS === 'on',
    embeddingModel: e.EMBEDDING_MODEL,
    modelsDir: path.resolve(e.MODELS_DIR ?? path.join(repoRoot, 'models')),
    hfRemoteHost: e.HF_REMOTE_HOST,
    logLevel: e.LOG_LEVEL,
    authRateLimitPerMinute: e.AUTH_RATE_LIMIT_PER_MINUTE,
    clientDir: path.resolve(e.CLIENT_DIR ?? path.join(repoRoot, 'client', 'dist')),
    version: readVersion(),
    chat: { sendBurst: e.CHAT_SEND_BURST, sendPerSecond: e.CHAT_SEND_PER_SECOND, typingTtlMs: e.CHAT_TYPING_TTL_MS },
    moderators: e.MODERATORS,
    notebooks: {
      unloadAfterMs: e.NOTEBOOK_UNLOAD_AFTER_MS,
      compactAfterUpdates: e.NOTEBOOK_COMPACT_AFTER_UPDATES,
      autoVersionEveryMs: e.NOTEBOOK_AUTO_VERSION_SECONDS * 1000,
    },
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
