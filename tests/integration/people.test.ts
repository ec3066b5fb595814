import { randomBytes } from 'node:crypto';
import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';

type User = Awaited<ReturnType<typeof registerUser>>;

describe.each(hubStores())('people: GET /api/users/by-username/:username and GET /api/people [%s]', (store) => {
  let hub: TestHub;
  // Every username of this file starts with the tag, and every query names it, so other users do not interfere.
  const tag = `p${randomBytes(3).toString('hex')}`;
  let me: User;
  let ada: User;
  let li: User;
  let zoe: User;
  let quiet: User;
  beforeAll(async () => {
    hub = await startTestHub({ store });
    const save = (u: User, profile: Record<string, unknown>) => api(hub, 'PUT', '/api/me/profile', { token: u.token, body: profile });
    me = await registerUser(hub, `${tag}_me`);
    ada = await registerUser(hub, `${tag}_ada`);
    li = await registerUser(hub, `${tag}_li`);
    zoe = await registerUser(hub, `${tag}_zoe`);
    quiet = await registerUser(hub, `${tag}_quiet`);
    await save(me, { timezone: 'Asia/Shanghai' });
    await save(ada, { bio: 'Compilers for analytical engines', role: 'Engineer', stage: 'idea', skills: ['Rust'], languages: ['en'], lookingFor: ['cofounder'], timezone: 'UTC', hoursPerWeek: 40 });
    await save(li, { bio: '做产品，关注教育科技', role: 'product', stage: 'MVP', skills: ['Figma'], languages: ['zh', 'en'], lookingFor: ['cofounder'], timezone: 'Asia/Tokyo', hoursPerWeek: 20 });
    await save(zoe, { role: 'designer', skills: ['figma'], languages: ['es'], timezone: 'America/New_York', hoursPerWeek: 10 });
  });
  afterAll(() => hub.destroy());

  const people = (query: string, as: User = me) => api(hub, 'GET', `/api/people?q=${tag}&${query}`, { token: as.token });
  const names = (res: { body: { people: Array<{ user: { username: string } }> } }) => res.body.people.map((p) => p.user.username.slice(tag.length + 1));

  test('by username: the public user and profile, letter case ignored; 404 for nobody; 401 without a session', async () => {
    const res = await api(hub, 'GET', `/api/users/by-username/${tag.toUpperCase()}_ADA`, { token: me.token });
    expect(res.status).toBe(200);
    expect(res.body.user).toEqual(ada.user);
    expect(res.body.profile).toMatchObject({ userId: ada.user.id, role: 'Engineer', skills: ['Rust'], hoursPerWeek: 40 });
    expect(JSON.stringify(res.body)).not.toMatch(/password|hash/i);
    expect((await api(hub, 'GET', `/api/users/by-username/${tag}_nobody`, { token: me.token })).status).toBe(404);
    expect((await api(hub, 'GET', `/api/users/by-username/${tag}_ada`)).status).toBe(401);
    // /api/users/:id still works beside it.
    expect((await api(hub, 'GET', `/api/users/${ada.user.id}`, { token: me.token })).body.user).toEqual(ada.user);
  });

  test('the directory lists by username, with profiles, a page at a time', async () => {
    const all = await people('');
    expect(all.status).toBe(200);
    expect(names(all)).toEqual(['ada', 'li', 'me', 'quiet', 'zoe']);
    expect(all.body.people.find((p: { user: { id: string } }) => p.user.id === quiet.user.id).profile).toMatchObject({ updatedAt: null, skills: [] });
    expect(all.body.nextCursor).toBeNull();
    const first = await people('limit=2');
    expect(names(first)).toEqual(['ada', 'li']);
    const second = await people(`limit=2&cursor=${first.body.nextCursor}`);
    expect(names(second)).toEqual(['me', 'quiet']);
    const third = await people(`limit=2&cursor=${second.body.nextCursor}`);
    expect([names(third), third.body.nextCursor]).toEqual([['zoe'], null]);
  });

  test('filters: role, stage, lists (any of, either spelling), hours, text, timezone from the caller', async () => {
    expect(names(await people('role=engineer'))).toEqual(['ada']);
    expect(names(await people('stage=mvp'))).toEqual(['li']);
    expect(names(await people('skills=FIGMA'))).toEqual(['li', 'zoe']);
    expect(names(await people('skills=rust,figma&role=designer'))).toEqual(['zoe']);
    expect(names(await people('languages=zh&languages=es'))).toEqual(['li', 'zoe']);
    expect(names(await people(`languages=${encodeURIComponent('zh，es')}`))).toEqual(['li', 'zoe']);
    expect(names(await people('lookingFor=cofounder'))).toEqual(['ada', 'li']);
    expect(names(await people('minHoursPerWeek=20'))).toEqual(['ada', 'li']);
    const chinese = await api(hub, 'GET', `/api/people?q=${encodeURIComponent('教育')}`, { token: me.token });
    expect(chinese.body.people.map((p: { user: { id: string } }) => p.user.id)).toEqual([li.user.id]);
    // Shanghai (UTC+8): Tokyo is 1 hour away, UTC 8, New York 12 or 13.
    expect(names(await people('timezoneWithinHours=1'))).toEqual(['li', 'me']);
    expect(names(await people('timezoneWithinHours=8'))).toEqual(['ada', 'li', 'me']);
    expect(names(await people('timezoneWithinHours=0&role=product'))).toEqual([]);
  });

  test('bad input is a 400 naming the field', async () => {
    const cases: Array<[string, string]> = [
      ['limit=0', 'limit'],
      ['limit=51', 'limit'],
      ['limit=abc', 'limit'],
      ['minHoursPerWeek=1.5', 'minHoursPerWeek'],
      ['minHoursPerWeek=-1', 'minHoursPerWeek'],
      ['timezoneWithinHours=25', 'timezoneWithinHours'],
      ['timezoneWithinHours=x', 'timezoneWithinHours'],
      ['cursor=***', 'cursor'],
      [`cursor=${Buffer.from('Not A Name!').toString('base64url')}`, 'cursor'],
      [`skills=${'x'.repeat(81)}`, 'skills'],
      [`skills=${Array.from({ length: 11 }, (_, i) => `s${i}`).join(',')}`, 'skills'],
      [`role=${encodeURIComponent('a\u0001b')}`, 'role'],
    ];
    for (const [query, field] of cases) {
      const res = await people(query);
      expect([query, res.status, res.body.error?.code]).toEqual([query, 400, 'validation_failed']);
      expect([query, Object.keys(res.body.error.details.fields).some((k) => k.startsWith(field))]).toEqual([query, true]);
    }
    const long = await api(hub, 'GET', `/api/people?q=${'q'.repeat(101)}`, { token: me.token });
    expect([long.status, Object.keys(long.body.error.details.fields)]).toEqual([400, ['q']]);
    // A caller without a timezone has nothing to measure from.
    const noZone = await people('timezoneWithinHours=3', quiet);
    expect([noZone.status, Object.keys(noZone.body.error.details.fields)]).toEqual([400, ['timezoneWithinHours']]);
    expect((await api(hub, 'GET', '/api/people')).status).toBe(401);
  });
});
