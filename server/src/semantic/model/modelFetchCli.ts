import pino from 'pino';
import { ConfigError, loadConfig } from '../../config';
import type { Logger } from '../../logger';
import { toError } from '../../toError';
import { provisionModel } from './modelProvisioner';

/**
 * `npm run model:fetch`: makes sure EMBEDDING_MODEL is in MODELS_DIR (see provisionModel for the routes).
 * Progress goes to stderr as plain lines (quiet when LOG_LEVEL is error or less); success prints one line
 * on stdout and exits 0; failure prints one line on stderr and exits 1 (2 for bad configuration).
 */
async function main(): Promise<number> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`model:fetch: ${err.message}`);
      return 2;
    }
    throw err;
  }
  const logger = lineLogger(config.logLevel);
  try {
    const model = await provisionModel({
      modelId: config.embeddingModel,
      modelsDir: config.modelsDir,
      remoteHost: config.hfRemoteHost,
      logger,
    });
    console.log(`model:fetch: ${config.embeddingModel} is ready in ${model.dir} (${model.source === 'local' ? 'already there' : `from ${model.source}`})`);
    return 0;
  } catch (err) {
    console.error(`model:fetch: ${toError(err).message}`);
    return 1;
  }
}

/** A pino logger at `level` that writes each record to stderr as one human line: `model:fetch: <msg>[: <err>]`. */
function lineLogger(level: string): Logger {
  return pino(
    { level, base: null, timestamp: false },
    {
      write(line: string) {
        const { msg, err } = JSON.parse(line) as { msg?: string; err?: { message?: string } };
        console.error(`model:fetch: ${msg ?? ''}${err?.message ? `: ${err.message}` : ''}`);
      },
    },
  );
}

main().then(
  // Exit explicitly: transformers.js/onnxruntime may keep handles open after a hub attempt.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`model:fetch: ${toError(err).message}`);
    process.exit(1);
  },
);
