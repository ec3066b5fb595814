import type { NewNotification } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, ids, makeUsers, nextMillisecond } from './fixtures';

const note = (userId: string, over: Partial<NewNotification> = {}): NewNotification => ({
  userId,
  kind: 'mention',
  actorId: null,
  subjectType: 'room',
  subjectId: 'room-1',
  groupKey: null,
  params: { title: 'General' },
  ...over,
});

describeEachStore('NotificationStore', (ctx) => {
  it('stores a notification, unread, and finds it again', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const { notification, grouped } = await ctx.store.notifications.add(note(alice!.id, { actorId: bob!.id, params: { title: '通用', excerpt: 'hi @alice' } }));
    expect(grouped).toBe(false);
    expect(notification).toMatchObject({ userId: alice!.id, kind: 'mention', actorId: bob!.id, subjectType: 'room', subjectId: 'room-1', groupKey: null, count: 1, readAt: null, params: { title: '通用', excerpt: 'hi @alice' } });
    expect(notification.createdAt).toMatch(ISO_TIME);
    expect(await ctx.store.notifications.findById(notification.id)).toEqual(notification);
    expect(await ctx.store.notifications.findById('no-such')).toBeNull();
    expect(await ctx.store.notifications.countUnread(alice!.id)).toBe(1);
    expect(await ctx.store.notifications.countUnread(bob!.id)).toBe(0);
  });

  it('lists newest first, a page at a time, only the user’s own', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push((await ctx.store.notifications.add(note(alice!.id, { subjectId: `r${i}` }))).notification);
      if (i % 2 === 0) await nextMillisecond();
    }
    await ctx.store.notifications.add(note(bob!.id));
    const newestFirst = ids(made).reverse();
    const first = await ctx.store.notifications.list(alice!.id, { limit: 2, unreadOnly: false });
    expect(ids(first.notifications)).toEqual(newestFirst.slice(0, 2));
    expect(first.hasMore).toBe(true);
    const second = await ctx.store.notifications.list(alice!.id, { limit: 2, unreadOnly: false, beforeId: first.notifications[1]!.id });
    expect(ids(second.notifications)).toEqual(newestFirst.slice(2, 4));
    const last = await ctx.store.notifications.list(alice!.id, { limit: 2, unreadOnly: false, beforeId: second.notifications[1]!.id });
    expect(ids(last.notifications)).toEqual(newestFirst.slice(4));
    expect(last.hasMore).toBe(false);
    // Someone else's notification is no anchor.
    const bobs = await ctx.store.notifications.list(bob!.id, { limit: 10, unreadOnly: false });
    expect(await ctx.store.notifications.list(alice!.id, { limit: 10, unreadOnly: false, beforeId: bobs.notifications[0]!.id })).toEqual({ notifications: [], hasMore: false });
    await expect(ctx.store.notifications.list(alice!.id, { limit: 0, unreadOnly: false })).rejects.toThrow(RangeError);
  });

  it('folds an event into the unread notification of its group, which moves to the top', async () => {
    const [alice, bob, carol] = await makeUsers(ctx.store, 3);
    const group = { kind: 'reply', subjectType: 'thread', subjectId: 't1', groupKey: 'reply:t1' };
    const first = await ctx.store.notifications.add(note(alice!.id, { ...group, actorId: bob!.id, params: { title: 'Old' } }));
    await nextMillisecond();
    const other = await ctx.store.notifications.add(note(alice!.id));
    await nextMillisecond();
    const again = await ctx.store.notifications.add(note(alice!.id, { ...group, actorId: carol!.id, params: { title: 'New' } }));
    expect(again.grouped).toBe(true);
    expect(again.notification).toMatchObject({ id: first.notification.id, count: 2, actorId: carol!.id, params: { title: 'New' }, readAt: null });
    expect(again.notification.createdAt > first.notification.createdAt).toBe(true);
    expect(ids((await ctx.store.notifications.list(alice!.id, { limit: 10, unreadOnly: false })).notifications)).toEqual([first.notification.id, other.notification.id]);
    expect(await ctx.store.notifications.countUnread(alice!.id)).toBe(2);
    // Another user's group of the same key is their own.
    expect((await ctx.store.notifications.add(note(bob!.id, group))).grouped).toBe(false);
    // Once read, the next event starts a new notification.
    await ctx.store.notifications.markRead(alice!.id, [first.notification.id], new Date().toISOString());
    const fresh = await ctx.store.notifications.add(note(alice!.id, group));
    expect(fresh.grouped).toBe(false);
    expect(fresh.notification.id).not.toBe(first.notification.id);
    expect(fresh.notification.count).toBe(1);
  });

  it('folds concurrent events of one group into one notification', async () => {
    const [alice] = await makeUsers(ctx.store, 1);
    const results = await Promise.all(Array.from({ length: 8 }, () => ctx.store.notifications.add(note(alice!.id, { kind: 'reply', groupKey: 'reply:t9' }))));
    expect(new Set(results.map((r) => r.notification.id)).size).toBe(1);
    const listed = await ctx.store.notifications.list(alice!.id, { limit: 10, unreadOnly: false });
    expect(listed.notifications).toHaveLength(1);
    expect(listed.notifications[0]!.count).toBe(8);
  });

  it('marks some or all read, only the user’s own, and keeps the first read time', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const a1 = (await ctx.store.notifications.add(note(alice!.id))).notification;
    const a2 = (await ctx.store.notifications.add(note(alice!.id))).notification;
    const a3 = (await ctx.store.notifications.add(note(alice!.id))).notification;
    const b1 = (await ctx.store.notifications.add(note(bob!.id))).notification;
    const t1 = new Date().toISOString();
    expect(await ctx.store.notifications.markRead(alice!.id, [a1.id, a1.id, b1.id, 'no-such'], t1)).toBe(1);
    expect((await ctx.store.notifications.findById(b1.id))!.readAt).toBeNull();
    expect((await ctx.store.notifications.findById(a1.id))!.readAt).toBe(t1);
    expect(await ctx.store.notifications.countUnread(alice!.id)).toBe(2);
    const unread = await ctx.store.notifications.list(alice!.id, { limit: 10, unreadOnly: true });
    expect(ids(unread.notifications).sort()).toEqual([a2.id, a3.id].sort());
    const t2 = new Date(Date.now() + 1000).toISOString();
    expect(await ctx.store.notifications.markAllRead(alice!.id, t2)).toBe(2);
    expect(await ctx.store.notifications.countUnread(alice!.id)).toBe(0);
    expect((await ctx.store.notifications.findById(a1.id))!.readAt).toBe(t1);
    expect(await ctx.store.notifications.countUnread(bob!.id)).toBe(1);
  });

  it('keeps the kinds a user turned off, across a reopen', async () => {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    expect(await ctx.store.notifications.disabledKinds(alice!.id)).toEqual([]);
    await ctx.store.notifications.setDisabledKinds(alice!.id, ['reply', 'invite', 'reply']);
    expect(await ctx.store.notifications.disabledKinds(alice!.id)).toEqual(['invite', 'reply']);
    await ctx.store.notifications.setDisabledKinds(alice!.id, ['mention']);
    const reopened = await ctx.reopen();
    expect(await reopened.notifications.disabledKinds(alice!.id)).toEqual(['mention']);
    expect(await reopened.notifications.disabledKinds(bob!.id)).toEqual([]);
    await reopened.notifications.setDisabledKinds(alice!.id, []);
    expect(await reopened.notifications.disabledKinds(alice!.id)).toEqual([]);
  });
});
