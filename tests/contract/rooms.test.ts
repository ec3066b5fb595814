import type { MessageRecord } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, idPages, ids, makeRoom, makeUser, makeUsers, nextMillisecond, sorted } from './fixtures';

describeEachStore('RoomStore', (ctx) => {
  it('creates a room and makes the creator its owner member', async () => {
    const owner = await makeUser(ctx.store);
    const room = await ctx.store.rooms.create({
      name: '早期创业者',
      topic: 'Seed stage 🚀',
      description: '讨论融资、招聘和产品。',
      visibility: 'private',
      ownerId: owner.id,
    });
    expect(typeof room.id).toBe('string');
    expect(room).toMatchObject({
      name: '早期创业者',
      topic: 'Seed stage 🚀',
      description: '讨论融资、招聘和产品。',
      visibility: 'private',
      ownerId: owner.id,
    });
    expect(room.createdAt).toMatch(ISO_TIME);
    expect(await ctx.store.rooms.findById(room.id)).toEqual(room);

    const member = await ctx.store.rooms.getMember(room.id, owner.id);
    expect(member).toEqual({ roomId: room.id, userId: owner.id, role: 'owner', joinedAt: expect.stringMatching(ISO_TIME), lastReadMessageId: null });
    expect(await ctx.store.rooms.listMembers(room.id)).toEqual([member]);
  });

  it('returns null for an unknown room or a non-member', async () => {
    const [owner, stranger] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id);
    expect(await ctx.store.rooms.findById('no-such-room')).toBeNull();
    expect(await ctx.store.rooms.getMember(room.id, stranger!.id)).toBeNull();
    expect(await ctx.store.rooms.getMember('no-such-room', owner!.id)).toBeNull();
  });

  it('listVisibleTo gives public rooms plus private rooms the user belongs to, newest first', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const pub1 = await makeRoom(ctx.store, bob!.id, { name: 'pub1', visibility: 'public' });
    await nextMillisecond();
    const privBobOnly = await makeRoom(ctx.store, bob!.id, { name: 'bob-secret', visibility: 'private' });
    await nextMillisecond();
    const privAliceOwns = await makeRoom(ctx.store, alice!.id, { name: 'alice-own', visibility: 'private' });
    await nextMillisecond();
    const privAliceMember = await makeRoom(ctx.store, bob!.id, { name: 'shared', visibility: 'private' });
    await ctx.store.rooms.upsertMember(privAliceMember.id, alice!.id, 'member');
    await nextMillisecond();
    const pub2 = await makeRoom(ctx.store, bob!.id, { name: 'pub2', visibility: 'public' });
    await nextMillisecond();
    const pubAliceMember = await makeRoom(ctx.store, bob!.id, { name: 'pub3', visibility: 'public' });
    await ctx.store.rooms.upsertMember(pubAliceMember.id, alice!.id, 'member');

    expect(ids(await ctx.store.rooms.listVisibleTo(alice!.id))).toEqual([pubAliceMember.id, pub2.id, privAliceMember.id, privAliceOwns.id, pub1.id]);
    expect(ids(await ctx.store.rooms.listVisibleTo(bob!.id))).toEqual([pubAliceMember.id, pub2.id, privAliceMember.id, privBobOnly.id, pub1.id]);

    const carol = await makeUser(ctx.store);
    expect(ids(await ctx.store.rooms.listVisibleTo(carol.id))).toEqual([pubAliceMember.id, pub2.id, pub1.id]);
  });

  it('listVisibleTo orders rooms created within the same millisecond newest first', async () => {
    const owner = await makeUser(ctx.store);
    const rooms = [];
    for (let i = 0; i < 8; i += 1) rooms.push(await makeRoom(ctx.store, owner.id, { name: `r${i}` }));
    expect(ids(await ctx.store.rooms.listVisibleTo(owner.id))).toEqual(ids(rooms).reverse());
  });

  it('a private room stops being visible once the member is removed', async () => {
    const [owner, guest] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id, { visibility: 'private' });
    await ctx.store.rooms.upsertMember(room.id, guest!.id, 'member');
    expect(ids(await ctx.store.rooms.listVisibleTo(guest!.id))).toEqual([room.id]);
    expect(await ctx.store.rooms.removeMember(room.id, guest!.id)).toBe(true);
    expect(await ctx.store.rooms.listVisibleTo(guest!.id)).toEqual([]);
  });

  it('listIds gives every room id, private ones included, ordered by id, a page at a time', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const rooms = [];
    for (let i = 0; i < 7; i += 1) {
      rooms.push(await makeRoom(ctx.store, (i % 2 ? alice : bob)!.id, { name: `r${i}`, visibility: i % 3 === 0 ? 'public' : 'private' }));
    }
    // A private room that lost its last member shows in nobody's listVisibleTo, but is still a room.
    const orphan = rooms[4]!;
    expect(orphan.visibility).toBe('private');
    expect(await ctx.store.rooms.removeMember(orphan.id, orphan.ownerId)).toBe(true);
    const expected = sorted(ids(rooms));

    expect(await ctx.store.rooms.listIds({ limit: 100 })).toEqual(expected);
    const pages = await idPages((page) => ctx.store.rooms.listIds(page), 3);
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(expected);
    expect(await ctx.store.rooms.listIds({ afterId: expected[1], limit: 2 })).toEqual(expected.slice(2, 4));
    expect(await ctx.store.rooms.listIds({ afterId: expected[6], limit: 5 })).toEqual([]);
  });

  it('listIds gives nothing when there are no rooms', async () => {
    await makeUser(ctx.store);
    expect(await ctx.store.rooms.listIds({ limit: 10 })).toEqual([]);
    expect(await ctx.store.rooms.listIds({ afterId: 'no-such-room', limit: 10 })).toEqual([]);
  });

  it('listIds rejects a limit that is not a positive integer', async () => {
    const owner = await makeUser(ctx.store);
    await makeRoom(ctx.store, owner.id);
    for (const limit of [0, -1, 2.5, Number.NaN]) {
      await expect(ctx.store.rooms.listIds({ limit })).rejects.toThrow(RangeError);
    }
  });

  it('upsertMember adds a member, then changes the role keeping joinedAt and the read marker', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id);
    const added = await ctx.store.rooms.upsertMember(room.id, user!.id, 'member');
    expect(added).toEqual({ roomId: room.id, userId: user!.id, role: 'member', joinedAt: expect.stringMatching(ISO_TIME), lastReadMessageId: null });
    expect(await ctx.store.rooms.getMember(room.id, user!.id)).toEqual(added);

    const msg = await ctx.store.messages.append({ roomId: room.id, authorId: owner!.id, body: 'hi', clientId: 'c1', mentions: [] });
    await ctx.store.rooms.markRead(room.id, user!.id, msg.message.id);

    await nextMillisecond();
    const promoted = await ctx.store.rooms.upsertMember(room.id, user!.id, 'moderator');
    expect(promoted).toEqual({ ...added, role: 'moderator', lastReadMessageId: msg.message.id });
    expect(await ctx.store.rooms.getMember(room.id, user!.id)).toEqual(promoted);
    expect(await ctx.store.rooms.listMembers(room.id)).toHaveLength(2);
  });

  it('removeMember returns true once, then false', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id);
    await ctx.store.rooms.upsertMember(room.id, user!.id, 'member');
    expect(await ctx.store.rooms.removeMember(room.id, user!.id)).toBe(true);
    expect(await ctx.store.rooms.getMember(room.id, user!.id)).toBeNull();
    expect(await ctx.store.rooms.removeMember(room.id, user!.id)).toBe(false);
    expect(await ctx.store.rooms.removeMember('no-such-room', user!.id)).toBe(false);
    expect((await ctx.store.rooms.listMembers(room.id)).map((m) => m.userId)).toEqual([owner!.id]);
  });

  it('listMembers orders members by joinedAt', async () => {
    const [owner, a, b, c] = await makeUsers(ctx.store, 4);
    const room = await makeRoom(ctx.store, owner!.id);
    for (const u of [c!, a!, b!]) {
      await nextMillisecond();
      await ctx.store.rooms.upsertMember(room.id, u.id, 'member');
    }
    // Changing a role is not re-joining: the order stays by the original joinedAt.
    await ctx.store.rooms.upsertMember(room.id, c!.id, 'moderator');
    const members = await ctx.store.rooms.listMembers(room.id);
    expect(members.map((m) => m.userId)).toEqual([owner!.id, c!.id, a!.id, b!.id]);
    expect(members.map((m) => m.role)).toEqual(['owner', 'moderator', 'member', 'member']);
    expect(await ctx.store.rooms.listMembers('no-such-room')).toEqual([]);
  });

  it('listMemberships gives every room the user belongs to with the membership', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const r1 = await makeRoom(ctx.store, owner!.id, { name: 'one' });
    const r2 = await makeRoom(ctx.store, owner!.id, { name: 'two', visibility: 'private' });
    await makeRoom(ctx.store, owner!.id, { name: 'three' });
    const own = await makeRoom(ctx.store, user!.id, { name: 'mine' });
    await ctx.store.rooms.upsertMember(r1.id, user!.id, 'member');
    await ctx.store.rooms.upsertMember(r2.id, user!.id, 'moderator');

    const memberships = await ctx.store.rooms.listMemberships(user!.id);
    expect(sorted(memberships.map((m) => m.roomId))).toEqual(sorted([r1.id, r2.id, own.id]));
    for (const m of memberships) expect(m.userId).toBe(user!.id);
    expect(memberships.find((m) => m.roomId === r2.id)?.role).toBe('moderator');
    expect(memberships.find((m) => m.roomId === own.id)?.role).toBe('owner');
    expect(await ctx.store.rooms.listMemberships((await makeUser(ctx.store)).id)).toEqual([]);
  });

  it('markRead moves the read marker forward only', async () => {
    const [owner, reader] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id);
    await ctx.store.rooms.upsertMember(room.id, reader!.id, 'member');
    const msgs: MessageRecord[] = [];
    for (let i = 0; i < 3; i += 1) {
      msgs.push((await ctx.store.messages.append({ roomId: room.id, authorId: owner!.id, body: `m${i}`, clientId: `c${i}`, mentions: [] })).message);
    }
    const marker = async () => (await ctx.store.rooms.getMember(room.id, reader!.id))?.lastReadMessageId;

    await ctx.store.rooms.markRead(room.id, reader!.id, msgs[1]!.id);
    expect(await marker()).toBe(msgs[1]!.id);
    await ctx.store.rooms.markRead(room.id, reader!.id, msgs[0]!.id);
    expect(await marker()).toBe(msgs[1]!.id);
    await ctx.store.rooms.markRead(room.id, reader!.id, msgs[1]!.id);
    expect(await marker()).toBe(msgs[1]!.id);
    await ctx.store.rooms.markRead(room.id, reader!.id, msgs[2]!.id);
    expect(await marker()).toBe(msgs[2]!.id);
    // Only this member's marker moved.
    expect((await ctx.store.rooms.getMember(room.id, owner!.id))?.lastReadMessageId).toBeNull();
  });

  it('markRead from concurrent clients ends at the newest marker', async () => {
    const [owner, reader] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id);
    await ctx.store.rooms.upsertMember(room.id, reader!.id, 'member');
    const msgs: MessageRecord[] = [];
    for (let i = 0; i < 6; i += 1) {
      msgs.push((await ctx.store.messages.append({ roomId: room.id, authorId: owner!.id, body: `m${i}`, clientId: `k${i}`, mentions: [] })).message);
    }
    const order = [3, 5, 0, 4, 1, 2];
    await Promise.all(order.map((i) => ctx.store.rooms.markRead(room.id, reader!.id, msgs[i]!.id)));
    expect((await ctx.store.rooms.getMember(room.id, reader!.id))?.lastReadMessageId).toBe(msgs[5]!.id);
  });

  it('keeps rooms and memberships across a restart', async () => {
    const [owner, user] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, owner!.id, { name: '重启测试', visibility: 'private' });
    const member = await ctx.store.rooms.upsertMember(room.id, user!.id, 'moderator');
    const store = await ctx.reopen();
    expect(await store.rooms.findById(room.id)).toEqual(room);
    expect(await store.rooms.getMember(room.id, user!.id)).toEqual(member);
    expect(ids(await store.rooms.listVisibleTo(user!.id))).toEqual([room.id]);
  });
});
