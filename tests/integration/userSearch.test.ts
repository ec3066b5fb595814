import { randomBytes } from 'node:crypto';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';

describe.each(hubStores())('GET /api/users?q= finds people by name [%s]', (store) => {
  let hub: TestHub;
  let token: string;
  beforeAll(async () => {
    hub = await startTestHub({ store });
    ({ token } = await registerUser(hub));
  });
  afterAll(() => hub.destroy());

  /** A username prefix no other test in this hub uses. */
  const fresh = () => `s${randomBytes(4).toString('hex')}`;

  async function register(username: string, displayName: string) {
    const res = await api(hub, 'POST', '/api/auth/register', { body: { username, password: 'correct horse battery', displayName } });
    if (res.status !== 201) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.user as { id: string; username: string; displayName: string };
  }

  const search = (query: string, as: { token?: string } = { token }) => api(hub, 'GET', `/api/users?${query}`, as);

  test('answers public cards only: exact username first, then by username', async () => {
    const p = fresh();
    const exact = await register(p, 'Exact Match');
    const longer = await register(`${p}_b`, 'Longer');
    const other = await register(`${p}.a`, 'Other');
    const res = await search(`q=${p}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ users: [exact, other, longer] });
    // Nothing private rides along: not the password hash, not the store's keys or times.
    for (const user of res.body.users) expect(Object.keys(user).sort()).toEqual(['displayName', 'id', 'username']);
    expect(JSON.stringify(res.body)).not.toMatch(/argon2|password|hash|createdAt|Key/i);
  });

  test('a leading @, letter case and surrounding spaces do not matter', async () => {
    const p = fresh();
    const alice = await register(`${p}alice`, 'Alice');
    for (const q of [`@${p}ALI`, `  ${p}ali  `, `@${p}alice`.toUpperCase()]) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect([q, res.status, res.body]).toEqual([q, 200, { users: [alice] }]);
    }
  });

  test('display names match by prefix, Chinese too; username matches come first', async () => {
    const p = fresh();
    const wang = await register(`${p}wxm`, `王小明${p}`);
    const byName = await register(`${p}z`, 'Someone');
    const byDisplayName = await register(fresh(), `${p.toUpperCase()} Founder`);
    expect((await search(`q=${encodeURIComponent(`王小明${p}`)}`)).body).toEqual({ users: [wang] });
    expect((await search(`q=${p}`)).body).toEqual({ users: [wang, byName, byDisplayName] });
  });

  test('characters that mean something to SQL or regexes are literal; no match is an empty list', async () => {
    const p = fresh();
    await register(`${p}_x`, 'Under');
    await register(`${p}.y`, 'Dot');
    for (const q of [`${p}%`, `${p}_%`, `${p}.*`, `${p}(`, `${p}[`, `${p}\\`, `${p}$`, `${p}|`, 'zzzz-nobody']) {
      const res = await search(`q=${encodeURIComponent(q)}`);
      expect([q, res.status, res.body]).toEqual([q, 200, { users: [] }]);
    }
    expect((await search(`q=${encodeURIComponent(`${p}_`)}`)).body.users.map((u: { username: string }) => u.username)).toEqual([`${p}_x`]);
  });

  test('limit: 10 by default, 1-20 when given', async () => {
    const p = fresh();
    for (let i = 0; i < 12; i += 1) await register(`${p}${String(i).padStart(2, '0')}`, 'Many');
    expect((await search(`q=${p}`)).body.users).toHaveLength(10);
    expect((await search(`q=${p}&limit=3`)).body.users.map((u: { username: string }) => u.username)).toEqual([`${p}00`, `${p}01`, `${p}02`]);
    expect((await search(`q=${p}&limit=20`)).body.users).toHaveLength(12);
  });

  test('a 32-character query is fine, with or without its @', async () => {
    const name = `${fresh()}${'x'.repeat(23)}`;
    expect(name).toHaveLength(32);
    const user = await register(name, 'Longest');
    expect((await search(`q=${name}`)).body).toEqual({ users: [user] });
    expect((await search(`q=${encodeURIComponent(`@${name}`)}`)).body).toEqual({ users: [user] });
  });

  // Every row names its fields: jest would hand a `done` callback to a parameter a row leaves out.
  const bad: Array<[string, string, string[]]> = [
    ['no q', '', ['q']],
    ['an empty q', 'q=', ['q']],
    ['a q of spaces', 'q=%20%20', ['q']],
    ['a q that is only @', 'q=%40', ['q']],
    ['a q of 33 characters', `q=${'a'.repeat(33)}`, ['q']],
    ['a q of 33 Chinese characters', `q=${encodeURIComponent('王'.repeat(33))}`, ['q']],
    ['a huge q', `q=${'a'.repeat(5000)}`, ['q']],
    ['q given twice', 'q=ab&q=cd', ['q']],
    ['a control character in q', 'q=a%07b', ['q']],
    ['limit 0', 'q=ab&limit=0', ['limit']],
    ['limit 21', 'q=ab&limit=21', ['limit']],
    ['limit not a number', 'q=ab&limit=ten', ['limit']],
    ['both wrong', 'q=&limit=1.5', ['q', 'limit']],
  ];
  test.each(bad)('%s: 400 naming the field', async (_name, query, fields) => {
    const res = await search(query);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(typeof res.body.error.message).toBe('string');
    expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
  });

  test('without a valid token: 401, and nobody is listed', async () => {
    const p = fresh();
    await register(p, 'Hidden');
    for (const as of [{}, { token: 'not-a-token' }]) {
      const res = await search(`q=${p}`, as);
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(JSON.stringify(res.body)).not.toContain(p);
    }
  });

  test('GET /api/users/:id still answers one user', async () => {
    const user = await register(fresh(), 'By Id');
    const res = await api(hub, 'GET', `/api/users/${user.id}`, { token });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual(user);
  });
});
