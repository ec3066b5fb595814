import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, idPages, ids, makeUser, makeUsers, nextMillisecond, sorted } from './fixtures';

describeEachStore('NotebookStore', (ctx) => {
  it('creates a notebook and its owner membership', async () => {
    const owner = await makeUser(ctx.store);
    const nb = await ctx.store.notebooks.create({ title: '商业计划书 v1', ownerId: owner.id, visibility: 'private' });
    expect(nb).toEqual({
      id: expect.any(String),
      title: '商业计划书 v1',
      ownerId: owner.id,
      visibility: 'private',
      createdAt: expect.stringMatching(ISO_TIME),
      updatedAt: expect.stringMatching(ISO_TIME),
    });
    expect(nb.updatedAt >= nb.createdAt).toBe(true);
    expect(await ctx.store.notebooks.findById(nb.id)).toEqual(nb);
    const member = await ctx.store.notebooks.getMember(nb.id, owner.id);
    expect(member).toEqual({ notebookId: nb.id, userId: owner.id, role: 'owner', addedAt: expect.stringMatching(ISO_TIME) });
    expect(await ctx.store.notebooks.listMembers(nb.id)).toEqual([member]);
  });

  it('returns null for unknown notebooks and non-members', async () => {
    const [owner, stranger] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: 'x', ownerId: owner!.id, visibility: 'community' });
    expect(await ctx.store.notebooks.findById('no-such-notebook')).toBeNull();
    expect(await ctx.store.notebooks.update('no-such-notebook', { title: 'y' })).toBeNull();
    expect(await ctx.store.notebooks.getMember(nb.id, stranger!.id)).toBeNull();
    expect(await ctx.store.notebooks.listMembers('no-such-notebook')).toEqual([]);
  });

  it('update changes the given fields and moves updatedAt forward', async () => {
    const owner = await makeUser(ctx.store);
    const nb = await ctx.store.notebooks.create({ title: 'Draft', ownerId: owner.id, visibility: 'private' });
    await nextMillisecond();
    const renamed = await ctx.store.notebooks.update(nb.id, { title: '路演稿' });
    expect(renamed).toMatchObject({ id: nb.id, title: '路演稿', visibility: 'private', ownerId: owner.id, createdAt: nb.createdAt });
    expect(renamed!.updatedAt > nb.updatedAt).toBe(true);
    await nextMillisecond();
    const shared = await ctx.store.notebooks.update(nb.id, { visibility: 'community' });
    expect(shared).toMatchObject({ title: '路演稿', visibility: 'community' });
    expect(shared!.updatedAt > renamed!.updatedAt).toBe(true);
    expect(await ctx.store.notebooks.findById(nb.id)).toEqual(shared);
  });

  it('listReadableBy gives community notebooks plus member ones, most recently updated first', async () => {
    const [alice, bob, carol] = await makeUsers(ctx.store, 3);
    const community1 = await ctx.store.notebooks.create({ title: 'c1', ownerId: bob!.id, visibility: 'community' });
    await nextMillisecond();
    const bobPrivate = await ctx.store.notebooks.create({ title: 'bob only', ownerId: bob!.id, visibility: 'private' });
    await nextMillisecond();
    const alicePrivate = await ctx.store.notebooks.create({ title: 'alice own', ownerId: alice!.id, visibility: 'private' });
    await nextMillisecond();
    const sharedWithAlice = await ctx.store.notebooks.create({ title: 'shared', ownerId: bob!.id, visibility: 'private' });
    await ctx.store.notebooks.upsertMember(sharedWithAlice.id, alice!.id, 'viewer');
    await nextMillisecond();
    const community2 = await ctx.store.notebooks.create({ title: 'c2', ownerId: carol!.id, visibility: 'community' });

    expect(ids(await ctx.store.notebooks.listReadableBy(alice!.id))).toEqual([community2.id, sharedWithAlice.id, alicePrivate.id, community1.id]);
    expect(ids(await ctx.store.notebooks.listReadableBy(bob!.id))).toEqual([community2.id, sharedWithAlice.id, bobPrivate.id, community1.id]);
    expect(ids(await ctx.store.notebooks.listReadableBy(carol!.id))).toEqual([community2.id, community1.id]);

    // Updating the oldest moves it to the front.
    await nextMillisecond();
    await ctx.store.notebooks.update(community1.id, { title: 'c1 renamed' });
    expect(ids(await ctx.store.notebooks.listReadableBy(carol!.id))).toEqual([community1.id, community2.id]);
  });

  it('a notebook made private leaves the listing of non-members', async () => {
    const [owner, reader] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: 'open', ownerId: owner!.id, visibility: 'community' });
    expect(ids(await ctx.store.notebooks.listReadableBy(reader!.id))).toEqual([nb.id]);
    await ctx.store.notebooks.update(nb.id, { visibility: 'private' });
    expect(await ctx.store.notebooks.listReadableBy(reader!.id)).toEqual([]);
    expect(ids(await ctx.store.notebooks.listReadableBy(owner!.id))).toEqual([nb.id]);
  });

  it('lists a community notebook once for a user who is also a member', async () => {
    const [owner, editor] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: 'both', ownerId: owner!.id, visibility: 'community' });
    await ctx.store.notebooks.upsertMember(nb.id, editor!.id, 'editor');
    expect(ids(await ctx.store.notebooks.listReadableBy(editor!.id))).toEqual([nb.id]);
    expect(ids(await ctx.store.notebooks.listReadableBy(owner!.id))).toEqual([nb.id]);
  });

  it('listIds gives every notebook id, private ones included, ordered by id, a page at a time', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const notebooks = [];
    for (let i = 0; i < 7; i += 1) {
      const visibility = i % 3 === 0 ? 'community' : 'private';
      notebooks.push(await ctx.store.notebooks.create({ title: `n${i}`, ownerId: (i % 2 ? alice : bob)!.id, visibility }));
    }
    const expected = sorted(ids(notebooks));
    // Id order, not the recently-updated order of listReadableBy.
    await nextMillisecond();
    await ctx.store.notebooks.update(notebooks[0]!.id, { title: 'n0 renamed' });

    expect(await ctx.store.notebooks.listIds({ limit: 100 })).toEqual(expected);
    const pages = await idPages((page) => ctx.store.notebooks.listIds(page), 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(expected);
    expect(await ctx.store.notebooks.listIds({ afterId: expected[1], limit: 2 })).toEqual(expected.slice(2, 4));
    expect(await ctx.store.notebooks.listIds({ afterId: expected[6], limit: 5 })).toEqual([]);
  });

  it('listIds gives nothing when there are no notebooks', async () => {
    await makeUser(ctx.store);
    expect(await ctx.store.notebooks.listIds({ limit: 10 })).toEqual([]);
    expect(await ctx.store.notebooks.listIds({ afterId: 'no-such-notebook', limit: 10 })).toEqual([]);
  });

  it('listIds rejects a limit that is not a positive integer', async () => {
    const owner = await makeUser(ctx.store);
    await ctx.store.notebooks.create({ title: 'n', ownerId: owner.id, visibility: 'community' });
    for (const limit of [0, -1, 2.5, Number.NaN]) {
      await expect(ctx.store.notebooks.listIds({ limit })).rejects.toThrow(RangeError);
    }
  });

  it('upsertMember adds a member, then changes the role', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: 'n', ownerId: owner!.id, visibility: 'private' });
    const added = await ctx.store.notebooks.upsertMember(nb.id, user!.id, 'viewer');
    expect(added).toEqual({ notebookId: nb.id, userId: user!.id, role: 'viewer', addedAt: expect.stringMatching(ISO_TIME) });
    expect(await ctx.store.notebooks.getMember(nb.id, user!.id)).toEqual(added);
    const promoted = await ctx.store.notebooks.upsertMember(nb.id, user!.id, 'editor');
    expect(promoted).toMatchObject({ notebookId: nb.id, userId: user!.id, role: 'editor' });
    expect(await ctx.store.notebooks.getMember(nb.id, user!.id)).toEqual(promoted);
    const members = await ctx.store.notebooks.listMembers(nb.id);
    expect(sorted(members.map((m) => m.userId))).toEqual(sorted([owner!.id, user!.id]));
    expect(members.find((m) => m.userId === user!.id)?.role).toBe('editor');
  });

  it('removeMember returns true once, then false; the notebook stops being readable', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: 'n', ownerId: owner!.id, visibility: 'private' });
    await ctx.store.notebooks.upsertMember(nb.id, user!.id, 'editor');
    expect(ids(await ctx.store.notebooks.listReadableBy(user!.id))).toEqual([nb.id]);
    expect(await ctx.store.notebooks.removeMember(nb.id, user!.id)).toBe(true);
    expect(await ctx.store.notebooks.getMember(nb.id, user!.id)).toBeNull();
    expect(await ctx.store.notebooks.removeMember(nb.id, user!.id)).toBe(false);
    expect(await ctx.store.notebooks.listReadableBy(user!.id)).toEqual([]);
    expect((await ctx.store.notebooks.listMembers(nb.id)).map((m) => m.userId)).toEqual([owner!.id]);
  });

  it('keeps notebooks and members across a restart', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const nb = await ctx.store.notebooks.create({ title: '持久', ownerId: owner!.id, visibility: 'private' });
    const member = await ctx.store.notebooks.upsertMember(nb.id, user!.id, 'viewer');
    const store = await ctx.reopen();
    expect(await store.notebooks.findById(nb.id)).toEqual(nb);
    expect(await store.notebooks.getMember(nb.id, user!.id)).toEqual(member);
    expect(ids(await store.notebooks.listReadableBy(user!.id))).toEqual([nb.id]);
  });
});
