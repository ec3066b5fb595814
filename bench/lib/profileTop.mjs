#!/usr/bin/env node
// Reads V8 .cpuprofile files (node --cpu-prof) and prints where the time went: the top functions by self
// time, and self time grouped by where the code lives (a package under node_modules, the hub's own
// server/dist, node's internals, GC, idle). Usage: node bench/lib/profileTop.mjs <file.cpuprofile>... [--top N]
// With several files (say the hub's and the stock server's), each is printed in turn.
import fs from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const topAt = args.indexOf('--top');
const TOP = topAt >= 0 ? Number(args.splice(topAt, 2)[1]) : 30;

function where(url) {
  if (!url) return '(native/vm)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return 'node internals';
  const dist = url.indexOf('/server/dist/');
  if (dist >= 0) return `hub ${url.slice(dist + '/server/dist/'.length).split('/').slice(0, -1).join('/') || '.'}`;
  return url.replace(/^file:\/\//, '');
}

for (const file of args) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  // timeDeltas[i] is the time before samples[i]; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const fns = new Map();
  const groups = new Map();
  let total = 0;
  let idle = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    if (name === '(idle)') {
      idle += us;
      continue;
    }
    total += us;
    const key = `${name}  ${path.basename(callFrame.url || '')}:${callFrame.lineNumber + 1}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    const g = ['(garbage collector)', '(program)'].includes(name) ? name : where(callFrame.url);
    groups.set(g, (groups.get(g) ?? 0) + us);
  }
  const ms = (us) => (us / 1000).toFixed(0).padStart(7);
  const pct = (us) => ((us / total) * 100).toFixed(1).padStart(5);
  console.log(`\n${path.basename(file)}: ${ms(total)} ms busy, ${ms(idle)} ms idle`);
  console.log('  by where the code lives (self time):');
  for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`  ${ms(us)} ms ${pct(us)}%  ${g}`);
  console.log(`  top ${TOP} functions by self time:`);
  for (const [k, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`  ${ms(us)} ms ${pct(us)}%  ${k}`);
}
