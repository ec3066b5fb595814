import { ConfigError, loadConfig } from '../../config';
import { provisionModel, type ProvisionLogger } from './modelProvisioner';

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
  const chatty = !['fatal', 'error', 'silent'].includes(config.logLevel);
  const logger: ProvisionLogger = {
    info: (msg) => {
      if (chatty && config.logLevel !== 'warn') console.error(`model:fetch: ${msg}`);
    },
    warn: (msg) => {
      if (chatty) console.error(`model:fetch: ${msg}`);
    },
  };
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
    console.error(`model:fetch: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

main().then(
  // Exit explicitly: transformers.js/onnxruntime may keep handles open after a hub attempt.
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`model:fetch: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
