import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { load } from 'js-yaml';

const root = path.resolve(__dirname, '../..');
const read = (p: string) => fs.readFileSync(path.join(root, p), 'utf8');

// js-yaml 4's load is safe by default (no custom tags or code).
const parseYaml = (text: string): any => load(text);

interface Stage {
  name: string;
  from: string;
  lines: string[];
}

/** The Dockerfile's stages, with continuation lines joined. */
function dockerStages(text: string): Stage[] {
  const stages: Stage[] = [];
  const logical = text.replace(/\\\n/g, ' ').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  for (const line of logical) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ from: from[1]!, name: from[2] ?? String(stages.length), lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

describe('docker/Dockerfile', () => {
  const stages = dockerStages(read('docker/Dockerfile'));
  const stage = (name: string) => stages.find((s) => s.name === name)!;
  const has = (name: string, re: RegExp) => stage(name).lines.some((l) => re.test(l));

  test('is multi-stage: dependencies, build, production dependencies, runtime', () => {
    expect(stages.map((s) => s.name)).toEqual(['deps', 'build', 'prod-deps', 'runtime']);
    expect(stage('build').from).toBe('deps');
    expect(stage('prod-deps').from).toBe('deps');
    // Debian-based Node 20: sharp's and onnxruntime's prebuilt binaries need glibc.
    expect(read('docker/Dockerfile')).toMatch(/ARG NODE_IMAGE=node:20-bookworm-slim/);
  });

  test('native modules can compile, the build makes server and client, the model is fetched at build time or mounted', () => {
    expect(has('deps', /apt-get install .*python3.*make.*g\+\+/)).toBe(true);
    expect(has('deps', /^RUN npm ci\b/)).toBe(true);
    expect(has('build', /node scripts\/build\.mjs --all/)).toBe(true);
    expect(has('build', /npm run model:fetch/)).toBe(true);
    expect(has('build', /^ARG FETCH_MODEL=true$/)).toBe(true);
    expect(has('prod-deps', /npm ci --omit=dev/)).toBe(true);
  });

  test('the runtime stage has production dependencies only, the built app, a non-root user and a health check', () => {
    const runtime = stage('runtime');
    const copies = runtime.lines.filter((l) => l.startsWith('COPY'));
    expect(copies).toContain('COPY --from=prod-deps /app/node_modules node_modules');
    // Nothing from the full install reaches the runtime image.
    expect(copies.filter((l) => /node_modules/.test(l)).every((l) => l.includes('--from=prod-deps'))).toBe(true);
    for (const built of ['server/dist', 'shared/dist', 'client/dist', 'models']) expect(copies.some((l) => l.includes(`--from=build /app/${built}`))).toBe(true);
    const user = runtime.lines.find((l) => l.startsWith('USER '));
    expect(user).toBeDefined();
    expect(user!.split(/\s+/)[1]).not.toMatch(/^(root|0)(:|$)/);
    expect(runtime.lines.some((l) => /^HEALTHCHECK .*\/api\/health/.test(l))).toBe(true);
    expect(runtime.lines).toContain('CMD ["node", "server/dist/main.js"]');
    expect(runtime.lines.some((l) => /MODELS_DIR=\/app\/models/.test(l))).toBe(true);
  });

  test('every file copied from the build context exists and is not excluded by .dockerignore', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    const fromContext = stages.flatMap((s) => s.lines).filter((l) => /^COPY\s/.test(l) && !l.includes('--from='));
    expect(fromContext.length).toBeGreaterThan(0);
    for (const line of fromContext) {
      const parts = line.split(/\s+/).slice(1);
      for (const src of parts.slice(0, -1)) {
        expect(fs.existsSync(path.join(root, src))).toBe(true);
        expect(ignored).not.toContain(src);
      }
    }
  });
});

describe('docker/compose.yaml', () => {
  const compose = parseYaml(read('docker/compose.yaml'));
  const services = compose.services as Record<string, any>;

  test('two hub replicas behind nginx, MongoDB 7 as a replica set, Redis 7', () => {
    expect(Object.keys(services).sort()).toEqual(['hub1', 'hub2', 'mongo', 'nginx', 'redis']);
    for (const hub of ['hub1', 'hub2']) {
      const s = services[hub];
      expect(s.build).toEqual(expect.objectContaining({ context: '..', dockerfile: 'docker/Dockerfile' }));
      expect(s.environment.STORE).toBe('mongo');
      expect(s.environment.MONGODB_URI).toMatch(/^mongodb:\/\/mongo:27017\/\w+\?replicaSet=rs0$/);
      expect(s.environment.REDIS_URL).toMatch(/@redis:6379$/);
      expect(s.environment.SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?/);
      expect(s.depends_on).toEqual({ mongo: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
      expect(s.healthcheck.test.join(' ')).toContain('/api/health');
    }
    expect(services.nginx.depends_on).toEqual({ hub1: { condition: 'service_healthy' }, hub2: { condition: 'service_healthy' } });
    expect(services.nginx.ports).toEqual(['${COHORT_HTTP_PORT:-8080}:80']);
    expect(services.mongo.image).toBe('mongo:7');
    expect(services.mongo.command).toEqual(expect.arrayContaining(['--replSet', 'rs0']));
    expect(services.mongo.healthcheck.test.join(' ')).toContain('rs.initiate');
    expect(services.redis.image).toMatch(/^redis:7/);
    // Only nginx is reachable from outside.
    expect(Object.entries(services).filter(([, s]) => s.ports).map(([name]) => name)).toEqual(['nginx']);
  });

  test('named volumes are declared and used; every required secret is in .env.example', () => {
    const declared = Object.keys(compose.volumes);
    const used = Object.values(services).flatMap((s: any) => (s.volumes ?? []) as string[]).map((v) => v.split(':')[0]!).filter((v) => !v.startsWith('.'));
    expect(used.sort()).toEqual(declared.sort());
    const required = [...read('docker/compose.yaml').matchAll(/\$\{(\w+):\?/g)].map((m) => m[1]!);
    expect(new Set(required)).toEqual(new Set(['REDIS_PASSWORD', 'SESSION_SECRET']));
    const example = read('docker/.env.example');
    for (const name of required) expect(example).toMatch(new RegExp(`^${name}=.+$`, 'm'));
  });

  test('docker compose config accepts it (when a compose CLI is installed)', () => {
    const cli = [['docker', ['compose']], ['docker-compose', []]] as const;
    const found = cli.find(([bin, pre]) => spawnSync(bin, [...pre, 'version'], { encoding: 'utf8' }).status === 0);
    if (!found) {
      console.warn('docker compose / docker-compose not installed: compose config not run (the YAML checks above still ran)');
      return;
    }
    const [bin, pre] = found;
    const ok = spawnSync(bin, [...pre, '-f', 'docker/compose.yaml', '--env-file', 'docker/.env.example', 'config', '-q'], { cwd: root, encoding: 'utf8' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    // Without the secrets it refuses to start rather than running with defaults.
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-env-')), 'empty.env');
    fs.writeFileSync(empty, '');
    const refused = spawnSync(bin, [...pre, '-f', 'docker/compose.yaml', '--env-file', empty, 'config', '-q'], { cwd: root, encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/set (REDIS_PASSWORD|SESSION_SECRET)/);
  });
});

describe('docker/nginx.conf', () => {
  const conf = read('docker/nginx.conf');

  test('balances over both hubs with ip_hash, upgrades WebSockets for /socket.io and /yjs, shows doc-name routing', () => {
    const upstream = /upstream cohort_hubs \{([^}]*)\}/.exec(conf)![1]!;
    expect(upstream).toMatch(/^\s*ip_hash;/m);
    expect([...upstream.matchAll(/server (\w+):3000/g)].map((m) => m[1])).toEqual(['hub1', 'hub2']);
    for (const loc of ['/socket.io/', '/yjs/']) {
      const block = new RegExp(`location ${loc.replace(/[./]/g, '\\$&')} \\{([^}]*)\\}`).exec(conf)![1]!;
      expect(block).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
      expect(block).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
      expect(block).toMatch(/proxy_pass http:\/\/cohort_hubs;/);
    }
    expect(conf).toMatch(/^#\s+hash \$cohort_doc_name consistent;/m);
  });

  test('nginx -t accepts it, and the document-name variant too (when nginx is installed)', () => {
    const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => fs.existsSync(p));
    if (!nginx) {
      console.warn('nginx not installed: nginx -t not run');
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cohort-nginx-'));
    // Compose's service names do not resolve here; loopback stands in for them.
    const local = conf.replace(/hub1:3000/g, '127.0.0.1:3101').replace(/hub2:3000/g, '127.0.0.1:3102');
    const byDoc = local
      .replace(/^# ((?:map|upstream|    |\}).*)$/gm, '$1')
      .replace(/(location \/yjs\/ \{\s*proxy_pass http:\/\/)cohort_hubs/, '$1cohort_docs');
    for (const [name, text] of [['plain', local], ['by-doc', byDoc]] as const) {
      fs.writeFileSync(path.join(dir, `${name}.conf`), text);
      fs.writeFileSync(path.join(dir, `${name}-main.conf`), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp { access_log off; include ${dir}/${name}.conf; }\n`);
      const run = spawnSync(nginx, ['-t', '-q', '-c', path.join(dir, `${name}-main.conf`)], { encoding: 'utf8' });
      expect({ name, status: run.status, stderr: run.stderr }).toEqual({ name, status: 0, stderr: '' });
    }
    expect(byDoc).toMatch(/^upstream cohort_docs \{/m);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
