import { api } from './hub';

/** Polls `probe` every 500 ms until it returns a value, or fails after `timeoutMs` naming `what`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} never happened`);
}

/** Waits until the hub's health says the embedding model is ready. */
export async function modelReady(hub: { url: string }): Promise<void> {
  await eventually(async () => ((await api(hub, 'GET', '/api/health')).body.embeddings.state === 'ready' ? true : undefined), 'model ready');
}
