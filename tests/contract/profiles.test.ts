import type { ProfileFields } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, makeUser, makeUsers, nextMillisecond } from './fixtures';

const DEFAULTS: ProfileFields = {
  bio: '',
  role: '',
  stage: '',
  skills: [],
  interests: [],
  offers: [],
  needs: [],
  languages: [],
  timezone: '',
  hoursPerWeek: null,
  lookingFor: [],
  preferences: { requireSharedLanguage: false, minHoursPerWeek: null, maxTimezoneDiffHours: null },
};

const FULL: ProfileFields = {
  bio: '连续创业者，专注于教育科技。Building tools for teachers.',
  role: 'founder',
  stage: 'seed',
  skills: ['product', '增长', 'typescript'],
  interests: ['edtech', '人工智能'],
  offers: ['产品设计反馈', 'intro to angels'],
  needs: ['技术合伙人', 'go-to-market help'],
  languages: ['zh', 'en'],
  timezone: 'Asia/Shanghai',
  hoursPerWeek: 12,
  lookingFor: ['cofounder', 'mentor'],
  preferences: { requireSharedLanguage: true, minHoursPerWeek: 5, maxTimezoneDiffHours: 3 },
};

describeEachStore('ProfileStore', (ctx) => {
  it('returns null for a user who never saved a profile', async () => {
    const user = await makeUser(ctx.store);
    expect(await ctx.store.profiles.get(user.id)).toBeNull();
  });

  it('stores a full profile and reads it back unchanged, Chinese text included', async () => {
    const user = await makeUser(ctx.store);
    const saved = await ctx.store.profiles.upsert(user.id, FULL);
    expect(saved).toEqual({ ...FULL, userId: user.id, updatedAt: expect.stringMatching(ISO_TIME) });
    expect(await ctx.store.profiles.get(user.id)).toEqual(saved);
  });

  it('fills the fields a first partial upsert leaves out with the defaults', async () => {
    const user = await makeUser(ctx.store);
    const saved = await ctx.store.profiles.upsert(user.id, { bio: '你好', skills: ['sales'] });
    expect(saved).toEqual({ ...DEFAULTS, bio: '你好', skills: ['sales'], userId: user.id, updatedAt: expect.stringMatching(ISO_TIME) });
    expect(await ctx.store.profiles.get(user.id)).toEqual(saved);
  });

  it('replaces only the fields given in a later patch and keeps the rest', async () => {
    const user = await makeUser(ctx.store);
    const first = await ctx.store.profiles.upsert(user.id, FULL);
    await nextMillisecond();
    const second = await ctx.store.profiles.upsert(user.id, {
      bio: 'Pivoted to climate',
      skills: [],
      hoursPerWeek: null,
      preferences: { requireSharedLanguage: false, minHoursPerWeek: null, maxTimezoneDiffHours: 8 },
    });
    expect(second).toEqual({
      ...FULL,
      bio: 'Pivoted to climate',
      skills: [],
      hoursPerWeek: null,
      preferences: { requireSharedLanguage: false, minHoursPerWeek: null, maxTimezoneDiffHours: 8 },
      userId: user.id,
      updatedAt: expect.stringMatching(ISO_TIME),
    });
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(await ctx.store.profiles.get(user.id)).toEqual(second);
  });

  it('an empty patch creates a default profile', async () => {
    const user = await makeUser(ctx.store);
    const saved = await ctx.store.profiles.upsert(user.id, {});
    expect(saved).toEqual({ ...DEFAULTS, userId: user.id, updatedAt: expect.stringMatching(ISO_TIME) });
    expect(await ctx.store.profiles.get(user.id)).toEqual(saved);
  });

  it("keeps one user's profile apart from another's", async () => {
    const [a, b] = await makeUsers(ctx.store, 2);
    await ctx.store.profiles.upsert(a!.id, { bio: 'A' });
    await ctx.store.profiles.upsert(b!.id, { bio: 'B', role: 'engineer' });
    expect((await ctx.store.profiles.get(a!.id))?.bio).toBe('A');
    expect((await ctx.store.profiles.get(a!.id))?.role).toBe('');
    expect((await ctx.store.profiles.get(b!.id))?.role).toBe('engineer');
  });

  it('concurrent patches of different fields both take effect', async () => {
    const user = await makeUser(ctx.store);
    await ctx.store.profiles.upsert(user.id, {});
    await Promise.all([
      ctx.store.profiles.upsert(user.id, { bio: 'concurrent bio' }),
      ctx.store.profiles.upsert(user.id, { role: 'designer' }),
      ctx.store.profiles.upsert(user.id, { languages: ['fr'] }),
    ]);
    expect(await ctx.store.profiles.get(user.id)).toMatchObject({ bio: 'concurrent bio', role: 'designer', languages: ['fr'] });
  });

  it('lists profiles ordered by userId, a page at a time, afterUserId exclusive', async () => {
    const users = await makeUsers(ctx.store, 7);
    await makeUser(ctx.store); // a user without a profile is not listed
    for (const [i, u] of users.entries()) await ctx.store.profiles.upsert(u.id, { bio: `bio ${i}` });
    const expected = users.map((u) => u.id).sort();

    const all = await ctx.store.profiles.list({ limit: 100 });
    expect(all.map((p) => p.userId)).toEqual(expected);
    expect(all.find((p) => p.userId === users[3]!.id)?.bio).toBe('bio 3');

    const seen: string[] = [];
    let after: string | undefined;
    for (let guard = 0; guard < 10; guard += 1) {
      const page = await ctx.store.profiles.list({ afterUserId: after, limit: 3 });
      expect(page.length).toBeLessThanOrEqual(3);
      if (page.length === 0) break;
      seen.push(...page.map((p) => p.userId));
      after = page[page.length - 1]!.userId;
    }
    expect(seen).toEqual(expected);

    expect((await ctx.store.profiles.list({ afterUserId: expected[1], limit: 2 })).map((p) => p.userId)).toEqual(expected.slice(2, 4));
    expect(await ctx.store.profiles.list({ afterUserId: expected[6], limit: 5 })).toEqual([]);
  });

  it('lists nothing when no profile was saved', async () => {
    await makeUsers(ctx.store, 2);
    expect(await ctx.store.profiles.list({ limit: 10 })).toEqual([]);
  });

  it('list rejects a limit that is not a positive integer', async () => {
    const user = await makeUser(ctx.store);
    await ctx.store.profiles.upsert(user.id, { bio: 'listed' });
    for (const limit of [0, -1, 2.5, Number.NaN]) {
      await expect(ctx.store.profiles.list({ limit })).rejects.toThrow(RangeError);
    }
    // The check runs with a cursor too, and a store that refused a page still serves a good one.
    await expect(ctx.store.profiles.list({ afterUserId: user.id, limit: 0 })).rejects.toThrow(RangeError);
    expect((await ctx.store.profiles.list({ limit: 1 })).map((p) => p.userId)).toEqual([user.id]);
  });

  it('keeps profiles across a restart', async () => {
    const user = await makeUser(ctx.store);
    const saved = await ctx.store.profiles.upsert(user.id, FULL);
    const store = await ctx.reopen();
    expect(await store.profiles.get(user.id)).toEqual(saved);
    expect(await store.profiles.list({ limit: 10 })).toEqual([saved]);
  });
});
