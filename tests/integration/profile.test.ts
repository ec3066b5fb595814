import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';

describe.each(hubStores())('profiles over HTTP [%s]', (store) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ store });
  });
  afterAll(() => hub.destroy());

  const full = {
    bio: '做过两次 AI 创业，现在在做 LLM 评测。Built eval tooling at scale.',
    role: 'technical founder',
    stage: 'pre-seed',
    skills: ['PyTorch', '分布式训练'],
    interests: ['LLM evaluation', '大模型推理优化'],
    offers: ['spare A100 hours', '模型评测经验'],
    needs: ['go-to-market cofounder', '融资建议'],
    languages: ['zh', 'en'],
    timezone: 'Asia/Shanghai',
    hoursPerWeek: 20,
    lookingFor: ['cofounder', 'resource swap'],
    preferences: { requireSharedLanguage: true, minHoursPerWeek: 10, maxTimezoneDiffHours: 4 },
  };

  test('PUT saves every field, GET /api/me and /api/users/:id show it', async () => {
    const { token, user } = await registerUser(hub);
    const put = await api(hub, 'PUT', '/api/me/profile', { token, body: full });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...full, userId: user.id, updatedAt: expect.any(String) });

    const me = await api(hub, 'GET', '/api/me', { token });
    expect(me.body.profile).toEqual(put.body);

    const other = await registerUser(hub);
    const seen = await api(hub, 'GET', `/api/users/${user.id}`, { token: other.token });
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual({ user, profile: put.body });
  });

  test('a partial update changes only the fields given; preferences merge per field', async () => {
    const { token } = await registerUser(hub);
    await api(hub, 'PUT', '/api/me/profile', { token, body: full });
    const res = await api(hub, 'PUT', '/api/me/profile', { token, body: { bio: 'new bio', preferences: { minHoursPerWeek: null } } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...full, bio: 'new bio', preferences: { requireSharedLanguage: true, minHoursPerWeek: null, maxTimezoneDiffHours: 4 } });
  });

  test('list items are trimmed and de-duplicated', async () => {
    const { token } = await registerUser(hub);
    const res = await api(hub, 'PUT', '/api/me/profile', { token, body: { skills: ['  Rust ', 'rust', 'Go'] } });
    expect(res.body.skills).toEqual(['Rust', 'Go']);
  });

  test('timezones: IANA names and UTC offsets are accepted, nonsense is not', async () => {
    const { token } = await registerUser(hub);
    for (const tz of ['UTC+8', 'UTC-03:30', 'Europe/Berlin', 'UTC', '']) {
      expect((await api(hub, 'PUT', '/api/me/profile', { token, body: { timezone: tz } })).status).toBe(200);
    }
    const bad = await api(hub, 'PUT', '/api/me/profile', { token, body: { timezone: 'Mars/Olympus' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields).toHaveProperty('timezone');
  });

  describe('bad input is refused with the field named, and nothing changes', () => {
    // Every row has all four entries: jest.each treats a test function with more parameters than the row as `done`-style.
    const cases: Array<[string, { body?: unknown; rawBody?: string }, number, string[] | undefined]> = [
      ['malformed JSON', { rawBody: '{"bio": ' }, 400, undefined],
      ['wrong types', { body: { bio: 5, skills: 'rust', hoursPerWeek: 'many' } }, 400, ['bio', 'skills', 'hoursPerWeek']],
      ['an extra field', { body: { bio: 'ok', userId: 'someone-else' } }, 400, ['userId']],
      ['a bio over 2000 characters', { body: { bio: '长'.repeat(2001) } }, 400, ['bio']],
      ['more than 20 items', { body: { skills: Array.from({ length: 21 }, (_, i) => `skill ${i}`) } }, 400, ['skills']],
      ['an item over 80 characters', { body: { offers: ['x'.repeat(81)] } }, 400, ['offers.0']],
      ['an empty item', { body: { needs: ['  '] } }, 400, ['needs.0']],
      ['hours out of range', { body: { hoursPerWeek: 200 } }, 400, ['hoursPerWeek']],
      ['a bad preference', { body: { preferences: { maxTimezoneDiffHours: -1, extra: 1 } } }, 400, ['preferences.maxTimezoneDiffHours', 'preferences.extra']],
      ['a body over 1 MB', { body: { bio: 'x'.repeat(1_100_000) } }, 413, undefined],
    ];
    test.each(cases)('%s', async (_name, input, status, fields) => {
      const { token } = await registerUser(hub);
      const before = await api(hub, 'PUT', '/api/me/profile', { token, body: { bio: 'unchanged', skills: ['kept'] } });
      const res = await api(hub, 'PUT', '/api/me/profile', { token, ...input });
      expect(res.status).toBe(status);
      expect(typeof res.body.error.code).toBe('string');
      if (fields) expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
      const after = await api(hub, 'GET', '/api/me', { token });
      expect(after.body.profile).toEqual(before.body);
    });
  });

  test('without a token nothing can be read or written', async () => {
    const { user } = await registerUser(hub);
    expect((await api(hub, 'PUT', '/api/me/profile', { body: { bio: 'hijack' } })).status).toBe(401);
    expect((await api(hub, 'GET', `/api/users/${user.id}`)).status).toBe(401);
  });

  test("a user cannot change another user's profile", async () => {
    const alice = await registerUser(hub);
    const bob = await registerUser(hub);
    await api(hub, 'PUT', '/api/me/profile', { token: alice.token, body: { bio: 'alice bio' } });
    // The only write path is /api/me: a smuggled userId is refused, and Alice's profile stays hers.
    const res = await api(hub, 'PUT', '/api/me/profile', { token: bob.token, body: { userId: alice.user.id, bio: 'bob was here' } });
    expect(res.status).toBe(400);
    expect((await api(hub, 'PUT', `/api/users/${alice.user.id}/profile`, { token: bob.token, body: { bio: 'x' } })).status).toBe(404);
    const seen = await api(hub, 'GET', `/api/users/${alice.user.id}`, { token: bob.token });
    expect(seen.body.profile.bio).toBe('alice bio');
  });

  test('an unknown user id is 404', async () => {
    const { token } = await registerUser(hub);
    const res = await api(hub, 'GET', '/api/users/does-not-exist', { token });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
