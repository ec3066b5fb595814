// The child side of serverProcess.mjs: imports the server module, serves, and answers the parent.
import { pathToFileURL } from 'node:url';

const [modulePath, optionsJson] = process.argv.slice(2);
// The parent going away, even by a crash, ends the server.
process.on('disconnect', () => process.exit(0));
try {
  const mod = await import(pathToFileURL(modulePath).href);
  const running = await mod.serve(JSON.parse(optionsJson));
  process.on('message', async (m) => {
    const reply = (value, error) => process.send({ id: m.id, value, error });
    try {
      if (m.type === 'cpu') {
        const { user, system } = process.cpuUsage();
        reply((user + system) / 1000);
      } else if (m.type === 'call') {
        reply(await running[m.method](...m.args));
      } else if (m.type === 'stop') {
        await running.stop?.();
        reply(true);
        // process.exit (not a natural end) so that a --cpu-prof profile is written even with handles open.
        setImmediate(() => process.exit(0));
      }
    } catch (err) {
      reply(undefined, err?.stack ?? String(err));
    }
  });
  process.send({ type: 'ready', info: running.info ?? {} });
} catch (err) {
  process.send({ type: 'failed', error: err?.stack ?? String(err) });
  process.exit(1);
}
