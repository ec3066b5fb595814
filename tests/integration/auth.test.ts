import { SessionTokens } from '../../server/src/domain/sessionTokens';
import { api, hubStores, registerUser, startTestHub, type JsonResponse, type TestHub } from '../helpers/hub';

const SECRET = 'integration-test-secret-that-is-long-enough-0123456789';

describe.each(hubStores())('auth over HTTP [%s]', (store) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ store, env: { SESSION_SECRET: SECRET } });
  });
  afterAll(() => hub.destroy());

  test('register returns the user and a token that works as bearer', async () => {
    const res = await api(hub, 'POST', '/api/auth/register', { body: { username: 'Ada_Lovelace', password: 'analytical engine', displayName: '艾达 Ada' } });
    expect(res.status).toBe(201);
    expect(res.body.user).toEqual({ id: expect.any(String), username: 'ada_lovelace', displayName: '艾达 Ada' });
    expect(typeof res.body.token).toBe('string');
    expect(res.body.user.passwordHash).toBeUndefined();

    const me = await api(hub, 'GET', '/api/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.user).toEqual(res.body.user);
    expect(me.body.profile).toMatchObject({ userId: res.body.user.id, bio: '', skills: [], updatedAt: null });
  });

  test('register sets an httpOnly SameSite=Lax cookie that authenticates', async () => {
    const res = await fetch(`${hub.url}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'cookie-user', password: 'password123', displayName: 'Cookie' }),
    });
    expect(res.status).toBe(201);
    const setCookie = res.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^cohort_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(';')[0]!;
    const me = await api(hub, 'GET', '/api/me', { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('cookie-user');
  });

  test('usernames are unique case-insensitively: 409 with the contract body', async () => {
    await registerUser(hub, 'duplicate');
    const res = await api(hub, 'POST', '/api/auth/register', { body: { username: 'DUPLICATE', password: 'password123', displayName: 'Again' } });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'username_taken', message: expect.any(String) });
  });

  test('login with the right password answers a new token; wrong password or unknown user 401', async () => {
    await registerUser(hub, 'grace');
    const ok = await api(hub, 'POST', '/api/auth/login', { body: { username: 'Grace', password: 'correct horse battery' } });
    expect(ok.status).toBe(200);
    expect(ok.body.user.username).toBe('grace');
    expect((await api(hub, 'GET', '/api/me', { token: ok.body.token })).status).toBe(200);

    const wrong = await api(hub, 'POST', '/api/auth/login', { body: { username: 'grace', password: 'wrong password' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    const unknown = await api(hub, 'POST', '/api/auth/login', { body: { username: 'nobody-here', password: 'whatever1' } });
    expect(unknown.status).toBe(401);
  });

  test('logout revokes the token (and only that one)', async () => {
    const { token } = await registerUser(hub);
    const login = await api(hub, 'POST', '/api/auth/login', { body: { username: (await api(hub, 'GET', '/api/me', { token })).body.user.username, password: 'correct horse battery' } });
    const other = login.body.token as string;
    const out = await api(hub, 'POST', '/api/auth/logout', { token });
    expect(out.status).toBe(204);
    expect((await api(hub, 'GET', '/api/me', { token })).status).toBe(401);
    expect((await api(hub, 'GET', '/api/me', { token: other })).status).toBe(200);
    expect((await api(hub, 'POST', '/api/auth/logout', { token })).status).toBe(401);
  });

  test('missing, malformed, forged and expired tokens get 401', async () => {
    const { user } = await registerUser(hub);
    expect((await api(hub, 'GET', '/api/me')).status).toBe(401);
    expect((await api(hub, 'GET', '/api/me', { token: 'not-a-jwt' })).status).toBe(401);
    expect((await api(hub, 'GET', '/api/me', { headers: { authorization: 'Basic abc' } })).status).toBe(401);

    const forged = await new SessionTokens(new TextEncoder().encode('another-secret-another-secret-another-secret')).sign(
      { userId: user.id, sessionId: 'whatever' },
      new Date(Date.now() + 60_000),
    );
    expect((await api(hub, 'GET', '/api/me', { token: forged })).status).toBe(401);

    const expired = await new SessionTokens(new TextEncoder().encode(SECRET)).sign({ userId: user.id, sessionId: 'x' }, new Date(Date.now() - 60_000));
    const res = await api(hub, 'GET', '/api/me', { token: expired });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
  });

  test('a token signed with the right secret but an unknown session is refused', async () => {
    const { user } = await registerUser(hub);
    const token = await new SessionTokens(new TextEncoder().encode(SECRET)).sign({ userId: user.id, sessionId: 'no-such-session' }, new Date(Date.now() + 60_000));
    expect((await api(hub, 'GET', '/api/me', { token })).status).toBe(401);
  });

  describe('bad input to register and login changes nothing', () => {
    // Every row has all five entries: jest.each treats a test function with more parameters than the row as `done`-style.
    const cases: Array<[string, { body?: unknown; rawBody?: string }, number, string, string[] | undefined]> = [
      ['malformed JSON', { rawBody: '{"username": "x", ' }, 400, 'invalid_json', undefined],
      ['a JSON array', { body: [1, 2] }, 400, 'validation_failed', ['(root)']],
      ['wrong types', { body: { username: 42, password: true, displayName: {} } }, 400, 'validation_failed', ['username', 'password', 'displayName']],
      ['missing fields', { body: { username: 'someone' } }, 400, 'validation_failed', ['password', 'displayName']],
      ['an extra field', { body: { username: 'extra-field', password: 'password123', displayName: 'X', admin: true } }, 400, 'validation_failed', ['admin']],
      ['a short password', { body: { username: 'shorty', password: 'short', displayName: 'S' } }, 400, 'validation_failed', ['password']],
      ['a bad username', { body: { username: 'no spaces!', password: 'password123', displayName: 'S' } }, 400, 'validation_failed', ['username']],
      ['a too-long username', { body: { username: 'a'.repeat(33), password: 'password123', displayName: 'S' } }, 400, 'validation_failed', ['username']],
      ['an oversize display name', { body: { username: 'longname', password: 'password123', displayName: '名'.repeat(65) } }, 400, 'validation_failed', ['displayName']],
      ['control characters', { body: { username: 'ctrl', password: 'password123', displayName: 'bad\u0007name' } }, 400, 'validation_failed', ['displayName']],
      ['a body over 1 MB', { body: { username: 'huge', password: 'password123', displayName: 'x'.repeat(1_100_000) } }, 413, 'payload_too_large', undefined],
    ];
    test.each(cases)('%s', async (_name, input, status, code, fields) => {
      const res = await api(hub, 'POST', '/api/auth/register', input);
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      expect(typeof res.body.error.message).toBe('string');
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(ts|js):\d+/);
      if (fields) expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
      // Nothing was created: the username is still free.
      const username = (input.body as { username?: unknown } | undefined)?.username;
      if (typeof username === 'string' && /^[a-z0-9_.-]{3,32}$/.test(username)) {
        const login = await api(hub, 'POST', '/api/auth/login', { body: { username, password: 'password123' } });
        expect(login.status).toBe(401);
      }
    });

    test('login validates too', async () => {
      const res = await api(hub, 'POST', '/api/auth/login', { body: { username: 'x' } });
      expect(res.status).toBe(400);
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(['password', 'username']);
    });
  });
});

describe('auth rate limit', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ env: { AUTH_RATE_LIMIT_PER_MINUTE: '10' } });
  });
  afterAll(() => hub.destroy());

  test('the 11th attempt in a minute from one address gets 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let limited: JsonResponse | undefined;
    for (let i = 0; i < 12; i++) {
      const res = await api(hub, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'password123' } });
      statuses.push(res.status);
      if (res.status === 429) limited ??= res;
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual([429, 429]);
    expect(limited!.body.error.code).toBe('rate_limited');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Register shares the per-address budget.
    const reg = await api(hub, 'POST', '/api/auth/register', { body: { username: 'late', password: 'password123', displayName: 'Late' } });
    expect(reg.status).toBe(429);
  });
});
