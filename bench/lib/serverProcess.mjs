// Runs a server under test in its own child process, so that the clients' CPU is never counted as the
// server's: `startServerProcess(modulePath, options)` forks bench/lib/serverChild.mjs, which imports the
// module and calls its `serve(options)`. The parent then asks the child over IPC for its CPU time
// (process.cpuUsage inside the server process) and for server-specific calls (`call(method, ...args)`).
// BENCH_PROFILE=<dir> runs every server child under `node --cpu-prof` writing into <dir>.
import { fork } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'serverChild.mjs');

export async function startServerProcess(modulePath, options = {}, { name = path.basename(path.dirname(modulePath)), profile = process.env.BENCH_PROFILE } = {}) {
  const execArgv = profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`] : [];
  const proc = fork(child, [modulePath, JSON.stringify(options)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  let nextId = 1;
  const waiting = new Map();
  let exited = null;
  const ready = new Promise((resolve, reject) => {
    proc.on('message', (m) => {
      if (m.type === 'ready') return resolve(m.info);
      if (m.type === 'failed') return reject(new Error(`${name}: ${m.error}`));
      const w = waiting.get(m.id);
      if (!w) return;
      waiting.delete(m.id);
      if (m.error) w.reject(new Error(`${name}: ${m.error}`));
      else w.resolve(m.value);
    });
    proc.once('exit', (code, signal) => {
      exited = { code, signal };
      reject(new Error(`${name} exited before it was ready (${code ?? signal})`));
      for (const w of waiting.values()) w.reject(new Error(`${name} exited (${code ?? signal})`));
      waiting.clear();
    });
  });
  const ask = (message) =>
    new Promise((resolve, reject) => {
      if (exited) return reject(new Error(`${name} has exited`));
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      proc.send({ ...message, id });
    });
  const info = await ready;
  return {
    name,
    info,
    pid: proc.pid,
    /** Server process CPU time (user + system) in ms since it started. */
    cpuMs: () => ask({ type: 'cpu' }),
    call: (method, ...args) => ask({ type: 'call', method, args }),
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => proc.once('exit', resolve));
      await ask({ type: 'stop' }).catch(() => {});
      await gone;
    },
  };
}
