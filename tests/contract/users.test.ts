import { StoreConflictError } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, makeUsers, sorted } from './fixtures';

describeEachStore('UserStore', (ctx) => {
  it('creates a user and returns the full record', async () => {
    const user = await ctx.store.users.create({ username: 'alice', displayName: 'Alice Li', passwordHash: 'scrypt$abc' });
    expect(typeof user.id).toBe('string');
    expect(user.id.length).toBeGreaterThan(0);
    expect(user).toMatchObject({ username: 'alice', displayName: 'Alice Li', passwordHash: 'scrypt$abc' });
    expect(user.createdAt).toMatch(ISO_TIME);
  });

  it('finds a user by id and by username', async () => {
    const created = await ctx.store.users.create({ username: 'bob.founder', displayName: '鲍勃', passwordHash: 'h1' });
    expect(await ctx.store.users.findById(created.id)).toEqual(created);
    expect(await ctx.store.users.findByUsername('bob.founder')).toEqual(created);
  });

  it('returns null for an unknown id or username', async () => {
    await ctx.store.users.create({ username: 'carol', displayName: 'Carol', passwordHash: 'h' });
    expect(await ctx.store.users.findById('no-such-id')).toBeNull();
    expect(await ctx.store.users.findByUsername('nobody')).toBeNull();
  });

  it('gives every user a distinct id', async () => {
    const users = await makeUsers(ctx.store, 10);
    expect(new Set(users.map((u) => u.id)).size).toBe(10);
  });

  it('rejects a taken username with StoreConflictError and leaves the first user unchanged', async () => {
    const first = await ctx.store.users.create({ username: 'dave', displayName: 'Dave', passwordHash: 'h1' });
    const attempt = ctx.store.users.create({ username: 'dave', displayName: 'Impostor', passwordHash: 'h2' });
    await expect(attempt).rejects.toBeInstanceOf(StoreConflictError);
    await expect(attempt).rejects.toMatchObject({ name: 'StoreConflictError' });
    expect(await ctx.store.users.findByUsername('dave')).toEqual(first);
  });

  it('treats usernames differing only in case as the same username', async () => {
    await ctx.store.users.create({ username: 'alice', displayName: 'Alice', passwordHash: 'h' });
    await expect(ctx.store.users.create({ username: 'Alice', displayName: 'Other Alice', passwordHash: 'h' })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    await ctx.store.users.create({ username: 'ERIN', displayName: 'Erin', passwordHash: 'h' });
    await expect(ctx.store.users.create({ username: 'erin', displayName: 'erin', passwordHash: 'h' })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
  });

  it('lets exactly one of several concurrent creates of the same username win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => ctx.store.users.create({ username: 'race', displayName: `Racer ${i}`, passwordHash: 'h' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const r of lost) expect(r.reason).toBeInstanceOf(StoreConflictError);
    const stored = await ctx.store.users.findByUsername('race');
    expect(stored?.id).toBe((won[0] as PromiseFulfilledResult<{ id: string }>).value.id);
  });

  it('findManyByIds returns the known users and leaves unknown ids out', async () => {
    const [a, b, c] = await makeUsers(ctx.store, 3);
    const found = await ctx.store.users.findManyByIds([c!.id, 'missing-1', a!.id, 'missing-2']);
    expect(sorted(found.map((u) => u.id))).toEqual(sorted([a!.id, c!.id]));
    expect(found.find((u) => u.id === a!.id)).toEqual(a);
    expect(found.some((u) => u.id === b!.id)).toBe(false);
  });

  it('findManyByIds of no ids is empty', async () => {
    await makeUsers(ctx.store, 2);
    expect(await ctx.store.users.findManyByIds([])).toEqual([]);
  });

  it('updateDisplayName changes only the display name and persists it', async () => {
    const user = await ctx.store.users.create({ username: 'frank', displayName: 'Frank', passwordHash: 'h' });
    const updated = await ctx.store.users.updateDisplayName(user.id, '弗兰克 🚀');
    expect(updated).toEqual({ ...user, displayName: '弗兰克 🚀' });
    expect(await ctx.store.users.findById(user.id)).toEqual(updated);
    expect(await ctx.store.users.findByUsername('frank')).toEqual(updated);
  });

  it('updateDisplayName of an unknown user returns null', async () => {
    expect(await ctx.store.users.updateDisplayName('no-such-id', 'X')).toBeNull();
  });

  it('keeps users across a restart', async () => {
    const user = await ctx.store.users.create({ username: 'grace', displayName: '格蕾丝', passwordHash: 'h' });
    const store = await ctx.reopen();
    expect(await store.users.findById(user.id)).toEqual(user);
    await expect(store.users.create({ username: 'grace', displayName: 'again', passwordHash: 'h' })).rejects.toBeInstanceOf(StoreConflictError);
  });
});
