import type { Config } from '../config';
import type { Logger } from '../logger';
import { ScaleOut } from '../scaleout/scaleOut';
import { LocalRuntime } from './localRuntime';
import type { Runtime } from './runtime';

/** With REDIS_URL several processes serve together and share their state through Redis; without it, one serves alone. */
export async function openRuntime(config: Config, logger: Logger): Promise<Runtime> {
  if (!config.redisUrl) return new LocalRuntime({ typingTtlMs: config.chat.typingTtlMs });
  return ScaleOut.connect(
    { redisUrl: config.redisUrl, prefix: config.redisPrefix, presenceTtlMs: config.presenceTtlMs, typingTtlMs: config.chat.typingTtlMs },
    logger,
  );
}
