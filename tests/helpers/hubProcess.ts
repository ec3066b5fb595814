import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const MAIN = path.resolve(__dirname, '../../server/dist/main.js');

export interface SpawnedHub {
  child: ChildProcess;
  /** The exit code, or the signal that ended the process. */
  exited: Promise<number | NodeJS.Signals | null>;
  /** Everything the process logged so far. */
  output(): { stdout: string; stderr: string };
}

export interface HubProcess extends SpawnedHub {
  url: string;
  /** SIGKILL: no graceful stop, nothing flushed or unregistered (a crash). */
  crash(): Promise<void>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | NodeJS.Signals | null>;
}

/**
 * A hub in its own Node process (the built server, server/dist), on an ephemeral loopback port. Resolves
 * once it logs that it listens. Several of these sharing REDIS_URL and one store form a scaled-out hub.
 */
/** The built hub's `run()` in a child process with exactly this environment (plus PATH); nothing awaited. */
export function spawnHub(env: Record<string, string>): SpawnedHub {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).run()`], {
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

export async function startHubProcess(env: Record<string, string>): Promise<HubProcess> {
  const { child, exited, output } = spawnHub({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', EMBEDDINGS: 'off', AUTH_RATE_LIMIT_PER_MINUTE: '100000', ...env });
  let exitedYet = false;
  void exited.then(() => (exitedYet = true));
  const deadline = Date.now() + 30_000;
  let url: string | undefined;
  while (!url) {
    const { stdout, stderr } = output();
    const line = stdout.split('\n').find((l) => l.includes('Cohort hub listening'));
    if (line) url = (JSON.parse(line) as { url: string }).url;
    else if (exitedYet || Date.now() > deadline) throw new Error(`hub process did not start: ${stderr || stdout}`);
    else await new Promise((r) => setTimeout(r, 25));
  }
  return {
    url,
    child,
    exited,
    output,
    async crash() {
      if (!exitedYet) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!exitedYet) child.kill('SIGTERM');
      return exited;
    },
  };
}
