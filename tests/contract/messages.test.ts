import type { MessageRecord, Store } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, ids, makeRoom, makeUser, makeUsers } from './fixtures';

let clientSeq = 0;

async function post(store: Store, roomId: string, authorId: string, body: string, mentions: string[] = []): Promise<MessageRecord> {
  clientSeq += 1;
  const { message, created } = await store.messages.append({ roomId, authorId, body, clientId: `client-${clientSeq}`, mentions });
  expect(created).toBe(true);
  return message;
}

async function postMany(store: Store, roomId: string, authorId: string, count: number): Promise<MessageRecord[]> {
  const out: MessageRecord[] = [];
  for (let i = 0; i < count; i += 1) out.push(await post(store, roomId, authorId, `message ${i}`));
  return out;
}

describeEachStore('MessageStore', (ctx) => {
  async function setup() {
    const [alice, bob] = await makeUsers(ctx.store, 2);
    const room = await makeRoom(ctx.store, alice!.id);
    await ctx.store.rooms.upsertMember(room.id, bob!.id, 'member');
    return { alice: alice!, bob: bob!, room };
  }

  describe('append', () => {
    it('stores a new message and returns it with created: true', async () => {
      const { alice, room } = await setup();
      const result = await ctx.store.messages.append({
        roomId: room.id,
        authorId: alice.id,
        body: '大家好 @bob，明天 demo day 见 👋',
        clientId: 'c-1',
        mentions: ['bob'],
      });
      expect(result.created).toBe(true);
      expect(result.message).toEqual({
        id: expect.any(String),
        roomId: room.id,
        authorId: alice.id,
        body: '大家好 @bob，明天 demo day 见 👋',
        clientId: 'c-1',
        mentions: ['bob'],
        reactions: {},
        createdAt: expect.stringMatching(ISO_TIME),
        editedAt: null,
        deletedAt: null,
      });
      expect(await ctx.store.messages.findById(result.message.id)).toEqual(result.message);
    });

    it('returns the stored message with created: false when the author repeats a clientId', async () => {
      const { alice, room } = await setup();
      const first = await ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: 'once', clientId: 'dup', mentions: [] });
      const again = await ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: 'once', clientId: 'dup', mentions: [] });
      expect(again.created).toBe(false);
      expect(again.message).toEqual(first.message);
      // Even with a different body, the first message stands.
      const changed = await ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: 'twice?', clientId: 'dup', mentions: ['x'] });
      expect(changed.created).toBe(false);
      expect(changed.message).toEqual(first.message);
      const page = await ctx.store.messages.pageBefore(room.id, null, 50);
      expect(ids(page.messages)).toEqual([first.message.id]);
    });

    it('keys idempotency per author: another author may use the same clientId', async () => {
      const { alice, bob, room } = await setup();
      const a = await ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: 'from alice', clientId: 'same', mentions: [] });
      const b = await ctx.store.messages.append({ roomId: room.id, authorId: bob.id, body: 'from bob', clientId: 'same', mentions: [] });
      expect(a.created).toBe(true);
      expect(b.created).toBe(true);
      expect(b.message.id).not.toBe(a.message.id);
      expect(b.message.body).toBe('from bob');
    });

    it('keeps one message when the same send is retried concurrently', async () => {
      const { alice, room } = await setup();
      const results = await Promise.all(
        Array.from({ length: 8 }, () => ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: 'retry', clientId: 'burst', mentions: [] })),
      );
      expect(results.filter((r) => r.created)).toHaveLength(1);
      expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
      expect((await ctx.store.messages.pageBefore(room.id, null, 50)).messages).toHaveLength(1);
    });

    it('survives a restart, idempotency included', async () => {
      const { alice, room } = await setup();
      const first = await ctx.store.messages.append({ roomId: room.id, authorId: alice.id, body: '持久化 ✅', clientId: 'durable', mentions: [] });
      const store = await ctx.reopen();
      expect(await store.messages.findById(first.message.id)).toEqual(first.message);
      const again = await store.messages.append({ roomId: room.id, authorId: alice.id, body: '持久化 ✅', clientId: 'durable', mentions: [] });
      expect(again).toEqual({ message: first.message, created: false });
    });
  });

  it('findById returns null for an unknown message', async () => {
    expect(await ctx.store.messages.findById('no-such-message')).toBeNull();
  });

  describe('pageBefore', () => {
    it('returns the newest messages oldest first, then older pages with no gaps or duplicates', async () => {
      const { alice, bob, room } = await setup();
      const msgs: MessageRecord[] = [];
      for (let i = 0; i < 25; i += 1) msgs.push(await post(ctx.store, room.id, i % 2 ? alice.id : bob.id, `m${i}`));

      const p1 = await ctx.store.messages.pageBefore(room.id, null, 10);
      expect(ids(p1.messages)).toEqual(ids(msgs.slice(15)));
      expect(p1.hasMore).toBe(true);

      const p2 = await ctx.store.messages.pageBefore(room.id, p1.messages[0]!.id, 10);
      expect(ids(p2.messages)).toEqual(ids(msgs.slice(5, 15)));
      expect(p2.hasMore).toBe(true);

      const p3 = await ctx.store.messages.pageBefore(room.id, p2.messages[0]!.id, 10);
      expect(ids(p3.messages)).toEqual(ids(msgs.slice(0, 5)));
      expect(p3.hasMore).toBe(false);

      const p4 = await ctx.store.messages.pageBefore(room.id, msgs[0]!.id, 10);
      expect(p4).toEqual({ messages: [], hasMore: false });
    });

    it('reports hasMore false when the last page is exactly full', async () => {
      const { alice, room } = await setup();
      const msgs = await postMany(ctx.store, room.id, alice.id, 20);
      const p1 = await ctx.store.messages.pageBefore(room.id, null, 10);
      expect(ids(p1.messages)).toEqual(ids(msgs.slice(10)));
      expect(p1.hasMore).toBe(true);
      const p2 = await ctx.store.messages.pageBefore(room.id, p1.messages[0]!.id, 10);
      expect(ids(p2.messages)).toEqual(ids(msgs.slice(0, 10)));
      expect(p2.hasMore).toBe(false);
    });

    it('returns everything with hasMore false when the room holds fewer than the limit', async () => {
      const { alice, room } = await setup();
      const msgs = await postMany(ctx.store, room.id, alice.id, 3);
      expect(await ctx.store.messages.pageBefore(room.id, null, 10)).toEqual({ messages: msgs, hasMore: false });
      expect(await ctx.store.messages.pageBefore(room.id, msgs[2]!.id, 10)).toEqual({ messages: msgs.slice(0, 2), hasMore: false });
    });

    it('pages by one message at a time across the whole room', async () => {
      const { alice, room } = await setup();
      const msgs = await postMany(ctx.store, room.id, alice.id, 6);
      const seen: string[] = [];
      let before: string | null = null;
      for (let guard = 0; guard < 10; guard += 1) {
        const page: { messages: MessageRecord[]; hasMore: boolean } = await ctx.store.messages.pageBefore(room.id, before, 1);
        expect(page.messages).toHaveLength(1);
        seen.unshift(page.messages[0]!.id);
        before = page.messages[0]!.id;
        if (!page.hasMore) break;
      }
      expect(seen).toEqual(ids(msgs));
    });

    it('only returns messages of the asked room', async () => {
      const { alice, room } = await setup();
      const other = await makeRoom(ctx.store, alice.id, { name: 'other' });
      const mine: MessageRecord[] = [];
      for (let i = 0; i < 6; i += 1) {
        mine.push(await post(ctx.store, room.id, alice.id, `here ${i}`));
        await post(ctx.store, other.id, alice.id, `there ${i}`);
      }
      const p1 = await ctx.store.messages.pageBefore(room.id, null, 4);
      expect(ids(p1.messages)).toEqual(ids(mine.slice(2)));
      expect(p1.hasMore).toBe(true);
      const p2 = await ctx.store.messages.pageBefore(room.id, p1.messages[0]!.id, 4);
      expect(ids(p2.messages)).toEqual(ids(mine.slice(0, 2)));
      expect(p2.hasMore).toBe(false);
    });

    it('returns an empty page for an empty room', async () => {
      const { room } = await setup();
      expect(await ctx.store.messages.pageBefore(room.id, null, 10)).toEqual({ messages: [], hasMore: false });
    });
  });

  describe('listAfter', () => {
    it('returns up to limit messages strictly newer than afterId, oldest first', async () => {
      const { alice, bob, room } = await setup();
      const other = await makeRoom(ctx.store, bob.id, { name: 'elsewhere' });
      const msgs: MessageRecord[] = [];
      for (let i = 0; i < 10; i += 1) {
        msgs.push(await post(ctx.store, room.id, i % 3 ? alice.id : bob.id, `m${i}`));
        await post(ctx.store, other.id, bob.id, `noise ${i}`);
      }
      expect(ids(await ctx.store.messages.listAfter(room.id, msgs[3]!.id, 100))).toEqual(ids(msgs.slice(4)));
      expect(ids(await ctx.store.messages.listAfter(room.id, msgs[3]!.id, 2))).toEqual(ids(msgs.slice(4, 6)));
      expect(await ctx.store.messages.listAfter(room.id, msgs[9]!.id, 10)).toEqual([]);
      expect(ids(await ctx.store.messages.listAfter(room.id, msgs[0]!.id, 100))).toEqual(ids(msgs.slice(1)));
    });

    it('returns full records that match findById', async () => {
      const { alice, room } = await setup();
      const [m0, m1] = await postMany(ctx.store, room.id, alice.id, 2);
      expect(await ctx.store.messages.listAfter(room.id, m0!.id, 10)).toEqual([await ctx.store.messages.findById(m1!.id)]);
    });
  });

  describe('edits and deletes', () => {
    it('updateBody changes the body and sets editedAt', async () => {
      const { alice, room } = await setup();
      const msg = await post(ctx.store, room.id, alice.id, 'typo');
      const editedAt = new Date().toISOString();
      const updated = await ctx.store.messages.updateBody(msg.id, '修正后的内容', editedAt);
      expect(updated).toEqual({ ...msg, body: '修正后的内容', editedAt });
      expect(await ctx.store.messages.findById(msg.id)).toEqual(updated);
    });

    it('updateBody of an unknown message returns null', async () => {
      expect(await ctx.store.messages.updateBody('no-such-message', 'x', new Date().toISOString())).toBeNull();
    });

    it('softDelete blanks the body, sets deletedAt and keeps the message in place', async () => {
      const { alice, room } = await setup();
      const [m0, m1, m2] = await postMany(ctx.store, room.id, alice.id, 3);
      const deletedAt = new Date().toISOString();
      const deleted = await ctx.store.messages.softDelete(m1!.id, deletedAt);
      expect(deleted).toMatchObject({ id: m1!.id, roomId: room.id, authorId: alice.id, clientId: m1!.clientId, body: '', deletedAt });
      expect(await ctx.store.messages.findById(m1!.id)).toEqual(deleted);
      // Neighbours are untouched.
      expect(await ctx.store.messages.findById(m0!.id)).toEqual(m0);
      expect(await ctx.store.messages.findById(m2!.id)).toEqual(m2);
    });

    it('keeps a deleted message in history pages and resyncs, blanked', async () => {
      const { alice, room } = await setup();
      const [m0, m1, m2] = await postMany(ctx.store, room.id, alice.id, 3);
      await ctx.store.messages.softDelete(m1!.id, new Date().toISOString());
      const page = await ctx.store.messages.pageBefore(room.id, null, 10);
      expect(ids(page.messages)).toEqual([m0!.id, m1!.id, m2!.id]);
      expect(page.messages[1]).toMatchObject({ body: '', deletedAt: expect.stringMatching(ISO_TIME) });
      expect(ids(await ctx.store.messages.listAfter(room.id, m0!.id, 10))).toEqual([m1!.id, m2!.id]);
    });

    it('softDelete of an unknown message returns null', async () => {
      expect(await ctx.store.messages.softDelete('no-such-message', new Date().toISOString())).toBeNull();
    });
  });

  describe('toggleReaction', () => {
    it('adds a reaction, adds a second user, then removes each', async () => {
      const { alice, bob, room } = await setup();
      const msg = await post(ctx.store, room.id, alice.id, 'react to me');

      const r1 = await ctx.store.messages.toggleReaction(msg.id, bob.id, '👍');
      expect(r1?.reactions).toEqual({ '👍': [bob.id] });

      const r2 = await ctx.store.messages.toggleReaction(msg.id, alice.id, '👍');
      expect([...(r2?.reactions['👍'] ?? [])].sort()).toEqual([alice.id, bob.id].sort());

      const r3 = await ctx.store.messages.toggleReaction(msg.id, alice.id, '🎉');
      expect(r3?.reactions['🎉']).toEqual([alice.id]);
      expect([...(r3?.reactions['👍'] ?? [])].sort()).toEqual([alice.id, bob.id].sort());

      const r4 = await ctx.store.messages.toggleReaction(msg.id, bob.id, '👍');
      expect(r4?.reactions['👍']).toEqual([alice.id]);
      expect(r4?.reactions['🎉']).toEqual([alice.id]);

      await ctx.store.messages.toggleReaction(msg.id, alice.id, '👍');
      const r5 = await ctx.store.messages.toggleReaction(msg.id, alice.id, '🎉');
      // An emoji nobody reacts with any more holds no users (the key may be dropped).
      expect(r5?.reactions['👍'] ?? []).toEqual([]);
      expect(r5?.reactions['🎉'] ?? []).toEqual([]);
      expect((await ctx.store.messages.findById(msg.id))?.reactions).toEqual(r5?.reactions);
      expect(r5?.body).toBe('react to me');
    });

    it('persists reactions and reports them on reads', async () => {
      const { alice, bob, room } = await setup();
      const msg = await post(ctx.store, room.id, alice.id, 'x');
      await ctx.store.messages.toggleReaction(msg.id, bob.id, '❤️');
      expect((await ctx.store.messages.findById(msg.id))?.reactions).toEqual({ '❤️': [bob.id] });
      expect((await ctx.store.messages.pageBefore(room.id, null, 10)).messages[0]?.reactions).toEqual({ '❤️': [bob.id] });
    });

    it('counts every one of many concurrent reactions', async () => {
      const { alice, room } = await setup();
      const users = await makeUsers(ctx.store, 10, 'fan');
      const msg = await post(ctx.store, room.id, alice.id, 'popular');
      await Promise.all(users.map((u) => ctx.store.messages.toggleReaction(msg.id, u.id, '🔥')));
      expect([...((await ctx.store.messages.findById(msg.id))?.reactions['🔥'] ?? [])].sort()).toEqual(users.map((u) => u.id).sort());
    });

    it('returns null for an unknown message', async () => {
      const { bob } = await setup();
      expect(await ctx.store.messages.toggleReaction('no-such-message', bob.id, '👍')).toBeNull();
    });
  });

  describe('countUnread', () => {
    it('counts messages after the marker, excluding own and deleted ones, and the mentions among them', async () => {
      const { alice, bob, room } = await setup();
      const carol = await makeUser(ctx.store, 'carol');
      await ctx.store.rooms.upsertMember(room.id, carol.id, 'member');

      const before = await post(ctx.store, room.id, alice.id, 'before the marker @bob', ['bob']);
      await post(ctx.store, room.id, alice.id, 'hello');
      await post(ctx.store, room.id, alice.id, '@bob 看看这个', ['bob']);
      await post(ctx.store, room.id, bob.id, 'my own @bob', ['bob']);
      await post(ctx.store, room.id, carol.id, '@bob @alice both', ['bob', 'alice']);
      const gone = await post(ctx.store, room.id, carol.id, 'deleted @bob', ['bob']);
      await ctx.store.messages.softDelete(gone.id, new Date().toISOString());
      await post(ctx.store, room.id, carol.id, 'mentions someone else', ['alice']);

      // After `before`: 6 messages, minus bob's own, minus the deleted one = 4; 2 of them mention bob.
      expect(await ctx.store.messages.countUnread(room.id, before.id, bob.id, 'bob')).toEqual({ unread: 4, mentions: 2 });
      // With no marker, `before` counts too.
      expect(await ctx.store.messages.countUnread(room.id, null, bob.id, 'bob')).toEqual({ unread: 5, mentions: 3 });
      // From alice's side: 7 minus her 3, minus the deleted = 3; mentions of alice among carol's = 2.
      expect(await ctx.store.messages.countUnread(room.id, null, alice.id, 'alice')).toEqual({ unread: 3, mentions: 2 });
    });

    it('is zero when the marker is the newest message or the room is empty', async () => {
      const { alice, bob, room } = await setup();
      expect(await ctx.store.messages.countUnread(room.id, null, bob.id, 'bob')).toEqual({ unread: 0, mentions: 0 });
      await post(ctx.store, room.id, alice.id, 'a');
      const last = await post(ctx.store, room.id, alice.id, '@bob b', ['bob']);
      expect(await ctx.store.messages.countUnread(room.id, last.id, bob.id, 'bob')).toEqual({ unread: 0, mentions: 0 });
    });

    it('only counts messages of the asked room', async () => {
      const { alice, bob, room } = await setup();
      const other = await makeRoom(ctx.store, alice.id, { name: 'other' });
      await post(ctx.store, other.id, alice.id, '@bob elsewhere', ['bob']);
      await post(ctx.store, room.id, alice.id, 'here');
      expect(await ctx.store.messages.countUnread(room.id, null, bob.id, 'bob')).toEqual({ unread: 1, mentions: 0 });
    });
  });
});
