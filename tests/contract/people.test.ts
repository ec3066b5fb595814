import type { ProfileFields, Store } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';

async function person(store: Store, username: string, displayName: string, profile?: Partial<ProfileFields>) {
  const user = await store.users.create({ username, displayName, passwordHash: 'hash' });
  if (profile) await store.profiles.upsert(user.id, profile);
  return user;
}

const names = (found: Array<{ user: { username: string } }>): string[] => found.map((p) => p.user.username);

describeEachStore('ProfileStore directory', (ctx) => {
  async function community() {
    const s = ctx.store;
    await person(s, 'ada', 'Ada Lovelace', {
      bio: 'Building a compiler for analytical engines',
      role: 'Engineer',
      stage: 'idea',
      skills: ['Rust', 'Compilers'],
      languages: ['en', 'fr'],
      lookingFor: ['cofounder'],
      timezone: 'Europe/London',
      hoursPerWeek: 40,
    });
    await person(s, 'li_wei', '李伟', {
      bio: '做产品，关注教育科技',
      role: 'product',
      stage: 'MVP',
      skills: ['产品设计', 'Figma'],
      interests: ['教育'],
      languages: ['zh', 'en'],
      lookingFor: ['Cofounder', 'advisor'],
      timezone: 'Asia/Shanghai',
      hoursPerWeek: 20,
    });
    await person(s, 'zoe', 'Zoë', { role: 'designer', skills: ['figma'], languages: ['es'], timezone: 'UTC-5', hoursPerWeek: null });
    await person(s, 'noprofile', 'Quiet Person');
  }

  it('lists everyone by username, profile or not, a page at a time', async () => {
    await community();
    const all = await ctx.store.profiles.findPeople({ limit: 10 });
    expect(names(all)).toEqual(['ada', 'li_wei', 'noprofile', 'zoe']);
    expect(all.find((p) => p.user.username === 'noprofile')?.profile).toBeNull();
    expect(all.find((p) => p.user.username === 'ada')?.profile).toMatchObject({ role: 'Engineer', hoursPerWeek: 40 });
    expect(names(await ctx.store.profiles.findPeople({ limit: 2 }))).toEqual(['ada', 'li_wei']);
    expect(names(await ctx.store.profiles.findPeople({ limit: 2, afterUsername: 'li_wei' }))).toEqual(['noprofile', 'zoe']);
    await expect(ctx.store.profiles.findPeople({ limit: 0 })).rejects.toThrow(RangeError);
  });

  it('filters by role and stage ignoring case, lists by any value, hours, and combines filters', async () => {
    await community();
    const find = (f: Omit<Parameters<Store['profiles']['findPeople']>[0], 'limit'>) => ctx.store.profiles.findPeople({ limit: 10, ...f }).then(names);
    expect(await find({ role: 'ENGINEER' })).toEqual(['ada']);
    expect(await find({ stage: 'mvp' })).toEqual(['li_wei']);
    expect(await find({ skills: ['FIGMA'] })).toEqual(['li_wei', 'zoe']);
    expect(await find({ skills: ['rust', '产品设计'] })).toEqual(['ada', 'li_wei']);
    expect(await find({ languages: ['zh'] })).toEqual(['li_wei']);
    expect(await find({ languages: ['en'], lookingFor: ['cofounder'] })).toEqual(['ada', 'li_wei']);
    expect(await find({ minHoursPerWeek: 30 })).toEqual(['ada']);
    expect(await find({ minHoursPerWeek: 0 })).toEqual(['ada', 'li_wei']);
    expect(await find({ skills: ['figma'], role: 'designer' })).toEqual(['zoe']);
    expect(await find({ skills: ['cob'] })).toEqual([]);
  });

  it('the text query looks in names, bio and lists, literally (Chinese too)', async () => {
    await community();
    const find = (q: string) => ctx.store.profiles.findPeople({ limit: 10, q }).then(names);
    expect(await find('lovelace')).toEqual(['ada']);
    expect(await find('compiler')).toEqual(['ada']);
    expect(await find('教育')).toEqual(['li_wei']);
    expect(await find('李')).toEqual(['li_wei']);
    expect(await find('quiet')).toEqual(['noprofile']);
    expect(await find('advisor')).toEqual(['li_wei']);
    expect(await find('.*')).toEqual([]);
    expect(await find('%')).toEqual([]);
  });

  it('filters by a list of timezones and lists the stored ones', async () => {
    await community();
    expect((await ctx.store.profiles.listTimezones()).sort()).toEqual(['Asia/Shanghai', 'Europe/London', 'UTC-5']);
    expect(names(await ctx.store.profiles.findPeople({ limit: 10, timezones: ['UTC-5', 'Asia/Shanghai'] }))).toEqual(['li_wei', 'zoe']);
    expect(names(await ctx.store.profiles.findPeople({ limit: 10, timezones: [] }))).toEqual([]);
  });
});
