import { describeEachStore } from '../helpers/storeCases';
import { ids, makeRoom, makeUsers } from './fixtures';

describeEachStore('RoomStore direct conversations', (ctx) => {
  it('a topic room is of kind topic, also after reading it back', async () => {
    const [owner] = await makeUsers(ctx.store, 1);
    const room = await makeRoom(ctx.store, owner!.id);
    expect(room.kind).toBe('topic');
    expect((await ctx.store.rooms.findById(room.id))?.kind).toBe('topic');
  });

  it('opens one private direct room per set of people, whatever the order, with every member a plain member', async () => {
    const [alice, bob, carol] = await makeUsers(ctx.store, 3);
    const first = await ctx.store.rooms.openDirect({ memberIds: [alice!.id, bob!.id], creatorId: alice!.id });
    expect(first.created).toBe(true);
    expect(first.room).toMatchObject({ kind: 'direct', visibility: 'private', ownerId: alice!.id, name: '' });
    expect(await ctx.store.rooms.findById(first.room.id)).toEqual(first.room);
    const members = await ctx.store.rooms.listMembers(first.room.id);
    expect(members.map((m) => [m.userId, m.role]).sort()).toEqual([[alice!.id, 'member'], [bob!.id, 'member']].sort());

    const again = await ctx.store.rooms.openDirect({ memberIds: [bob!.id, alice!.id, bob!.id], creatorId: bob!.id });
    expect(again).toEqual({ room: first.room, created: false });

    const trio = await ctx.store.rooms.openDirect({ memberIds: [alice!.id, bob!.id, carol!.id], creatorId: carol!.id });
    expect(trio.created).toBe(true);
    expect(trio.room.id).not.toBe(first.room.id);
    expect((await ctx.store.rooms.listMembers(trio.room.id)).length).toBe(3);
  });

  it('concurrent opens of the same set make exactly one room', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => ctx.store.rooms.openDirect({ memberIds: i % 2 ? [alice!.id, bob!.id] : [bob!.id, alice!.id], creatorId: i % 2 ? alice!.id : bob!.id })),
    );
    expect(new Set(results.map((r) => r.room.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const roomId = results[0]!.room.id;
    expect((await ctx.store.rooms.listMembers(roomId)).map((m) => m.userId).sort()).toEqual([alice!.id, bob!.id].sort());
    // Only its members see it listed, and it is the only direct room.
    const [carol] = await makeUsers(ctx.store, 1, 'carol');
    expect(ids(await ctx.store.rooms.listVisibleTo(carol!.id))).toEqual([]);
    expect(ids(await ctx.store.rooms.listVisibleTo(alice!.id))).toEqual([roomId]);
  });

  it('opening again brings back a member who left', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const { room } = await ctx.store.rooms.openDirect({ memberIds: [alice!.id, bob!.id], creatorId: alice!.id });
    await ctx.store.rooms.removeMember(room.id, bob!.id);
    expect(await ctx.store.rooms.getMember(room.id, bob!.id)).toBeNull();
    const again = await ctx.store.rooms.openDirect({ memberIds: [alice!.id, bob!.id], creatorId: alice!.id });
    expect(again).toEqual({ room, created: false });
    expect((await ctx.store.rooms.getMember(room.id, bob!.id))?.role).toBe('member');
  });

  it('direct rooms survive a reopen of the store with their kind and key', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const { room } = await ctx.store.rooms.openDirect({ memberIds: [alice!.id, bob!.id], creatorId: alice!.id });
    const reopened = await ctx.reopen();
    expect(await reopened.rooms.findById(room.id)).toEqual(room);
    expect(await reopened.rooms.openDirect({ memberIds: [bob!.id, alice!.id], creatorId: bob!.id })).toEqual({ room, created: false });
  });
});
