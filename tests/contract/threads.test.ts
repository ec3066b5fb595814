import type { Store, ThreadListQuery, ThreadRecord, ThreadSort } from '../../server/src/store/ports';
import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, ids, makeThread, makeUser, makeUsers, nextMillisecond, sorted } from './fixtures';

/** Follows nextCursor to the end; checks page sizes on the way. */
async function listAll(store: Store, query: Omit<ThreadListQuery, 'cursor'>): Promise<ThreadRecord[]> {
  const out: ThreadRecord[] = [];
  let cursor: string | undefined;
  for (let guard = 0; guard < 100; guard += 1) {
    const page = await store.threads.list({ ...query, cursor });
    expect(page.threads.length).toBeLessThanOrEqual(query.limit);
    out.push(...page.threads);
    if (page.nextCursor === null) return out;
    expect(page.threads.length).toBe(query.limit);
    cursor = page.nextCursor;
  }
  throw new Error('pagination did not end');
}

const now = (): string => new Date().toISOString();

describeEachStore('ThreadStore', (ctx) => {
  describe('create, find, update, delete', () => {
    it('creates a thread with zero score and replies', async () => {
      const author = await makeUser(ctx.store);
      const thread = await ctx.store.threads.create({
        title: '如何找到靠谱的技术合伙人？',
        body: 'Looking for advice on finding a technical co-founder. 有经验的朋友请分享。',
        tags: ['cofounder', '招聘'],
        authorId: author.id,
      });
      expect(thread).toEqual({
        id: expect.any(String),
        title: '如何找到靠谱的技术合伙人？',
        body: 'Looking for advice on finding a technical co-founder. 有经验的朋友请分享。',
        tags: ['cofounder', '招聘'],
        authorId: author.id,
        score: 0,
        replyCount: 0,
        createdAt: expect.stringMatching(ISO_TIME),
        editedAt: null,
        deletedAt: null,
        lastActivityAt: expect.stringMatching(ISO_TIME),
      });
      expect(thread.lastActivityAt >= thread.createdAt).toBe(true);
      expect(await ctx.store.threads.findById(thread.id)).toEqual(thread);
    });

    it('returns null for unknown threads and replies', async () => {
      expect(await ctx.store.threads.findById('no-such-thread')).toBeNull();
      expect(await ctx.store.threads.findReply('no-such-reply')).toBeNull();
      expect(await ctx.store.threads.update('no-such-thread', { title: 'x' }, now())).toBeNull();
      expect(await ctx.store.threads.softDelete('no-such-thread', now())).toBeNull();
      expect(await ctx.store.threads.updateReply('no-such-reply', 'x', now())).toBeNull();
      expect(await ctx.store.threads.softDeleteReply('no-such-reply', now())).toBeNull();
    });

    it('findManyByIds returns the known threads and leaves unknown ids out', async () => {
      const author = await makeUser(ctx.store);
      const [a, b, c] = [await makeThread(ctx.store, author.id), await makeThread(ctx.store, author.id), await makeThread(ctx.store, author.id)];
      const found = await ctx.store.threads.findManyByIds([c.id, 'nope', a.id]);
      expect(sorted(ids(found))).toEqual(sorted([a.id, c.id]));
      expect(found.find((t) => t.id === c.id)).toEqual(c);
      expect(found.some((t) => t.id === b.id)).toBe(false);
      expect(await ctx.store.threads.findManyByIds([])).toEqual([]);
    });

    it('update changes only the given fields and sets editedAt', async () => {
      const author = await makeUser(ctx.store);
      const thread = await makeThread(ctx.store, author.id, { title: 'Old title', body: 'Old body', tags: ['a', 'b'] });
      const editedAt = now();
      const titled = await ctx.store.threads.update(thread.id, { title: '新标题' }, editedAt);
      expect(titled).toEqual({ ...thread, title: '新标题', editedAt });
      const tagged = await ctx.store.threads.update(thread.id, { tags: ['c'] }, editedAt);
      expect(tagged).toEqual({ ...thread, title: '新标题', tags: ['c'], editedAt });
      const bodied = await ctx.store.threads.update(thread.id, { body: 'New body' }, editedAt);
      expect(bodied).toEqual({ ...thread, title: '新标题', tags: ['c'], body: 'New body', editedAt });
      expect(await ctx.store.threads.findById(thread.id)).toEqual(bodied);
    });

    it('softDelete marks the thread deleted; findById still returns it', async () => {
      const author = await makeUser(ctx.store);
      const thread = await makeThread(ctx.store, author.id);
      const deletedAt = now();
      const deleted = await ctx.store.threads.softDelete(thread.id, deletedAt);
      expect(deleted).toMatchObject({ id: thread.id, title: thread.title, authorId: author.id, deletedAt });
      expect(await ctx.store.threads.findById(thread.id)).toEqual(deleted);
    });
  });

  describe('list', () => {
    it('sorts new: newest first, including threads created in the same millisecond', async () => {
      const author = await makeUser(ctx.store);
      const threads: ThreadRecord[] = [];
      for (let i = 0; i < 6; i += 1) threads.push(await makeThread(ctx.store, author.id, { title: `t${i}` }));
      await nextMillisecond();
      for (let i = 6; i < 8; i += 1) threads.push(await makeThread(ctx.store, author.id, { title: `t${i}` }));
      const page = await ctx.store.threads.list({ sort: 'new', limit: 50 });
      expect(ids(page.threads)).toEqual(ids(threads).reverse());
      expect(page.nextCursor).toBeNull();
    });

    it('sorts top: highest score first, ties newest first', async () => {
      const [author, ...voters] = await makeUsers(ctx.store, 4);
      const t: ThreadRecord[] = [];
      for (let i = 0; i < 5; i += 1) t.push(await makeThread(ctx.store, author!.id, { title: `t${i}` }));
      // scores: t0 = 1, t1 = 3, t2 = -1, t3 = 0, t4 = 1
      await ctx.store.threads.vote(t[0]!.id, voters[0]!.id, 1);
      for (const v of voters) await ctx.store.threads.vote(t[1]!.id, v.id, 1);
      await ctx.store.threads.vote(t[2]!.id, voters[1]!.id, -1);
      await ctx.store.threads.vote(t[4]!.id, voters[2]!.id, 1);
      const page = await ctx.store.threads.list({ sort: 'top', limit: 50 });
      expect(ids(page.threads)).toEqual([t[1]!.id, t[4]!.id, t[0]!.id, t[3]!.id, t[2]!.id]);
      expect(page.threads.map((x) => x.score)).toEqual([3, 1, 1, 0, -1]);
    });

    it('sorts active: most recent activity first; a reply moves a thread up', async () => {
      const author = await makeUser(ctx.store);
      const t: ThreadRecord[] = [];
      for (let i = 0; i < 4; i += 1) {
        t.push(await makeThread(ctx.store, author.id, { title: `t${i}` }));
        await nextMillisecond();
      }
      expect(ids((await ctx.store.threads.list({ sort: 'active', limit: 10 })).threads)).toEqual(ids(t).reverse());
      await ctx.store.threads.addReply({ threadId: t[1]!.id, authorId: author.id, body: 'bump', replyTo: null });
      await nextMillisecond();
      await ctx.store.threads.addReply({ threadId: t[0]!.id, authorId: author.id, body: 'bump', replyTo: null });
      expect(ids((await ctx.store.threads.list({ sort: 'active', limit: 10 })).threads)).toEqual([t[0]!.id, t[1]!.id, t[3]!.id, t[2]!.id]);
      // 'new' is not affected by replies.
      expect(ids((await ctx.store.threads.list({ sort: 'new', limit: 10 })).threads)).toEqual(ids(t).reverse());
    });

    for (const sort of ['new', 'top', 'active'] as ThreadSort[]) {
      it(`pages through every thread once with the cursor (${sort})`, async () => {
        const [author, voter] = await makeUsers(ctx.store, 2);
        const threads: ThreadRecord[] = [];
        for (let i = 0; i < 11; i += 1) {
          const thread = await makeThread(ctx.store, author!.id, { title: `t${i}` });
          if (i % 3 === 0) await ctx.store.threads.vote(thread.id, voter!.id, 1);
          if (i % 4 === 0) await ctx.store.threads.addReply({ threadId: thread.id, authorId: voter!.id, body: 'r', replyTo: null });
          threads.push(thread);
        }
        const whole = (await ctx.store.threads.list({ sort, limit: 100 })).threads;
        expect(sorted(ids(whole))).toEqual(sorted(ids(threads)));
        for (const limit of [1, 3, 4, 11]) {
          expect(ids(await listAll(ctx.store, { sort, limit }))).toEqual(ids(whole));
        }
      });

      it(`keeps the cursor stable while new threads arrive between pages (${sort})`, async () => {
        const [author, voter] = await makeUsers(ctx.store, 2);
        const threads: ThreadRecord[] = [];
        for (let i = 0; i < 9; i += 1) {
          const thread = await makeThread(ctx.store, author!.id, { title: `t${i}` });
          if (i % 2 === 0) await ctx.store.threads.vote(thread.id, voter!.id, 1);
          threads.push(thread);
        }
        const expected = ids((await ctx.store.threads.list({ sort, limit: 100 })).threads);

        const seen: string[] = [];
        const inserted: string[] = [];
        let cursor: string | undefined;
        for (let guard = 0; guard < 20; guard += 1) {
          const page = await ctx.store.threads.list({ sort, limit: 4, cursor });
          seen.push(...ids(page.threads));
          // Two newcomers between every two pages, one of them upvoted.
          const a = await makeThread(ctx.store, author!.id, { title: 'newcomer' });
          const b = await makeThread(ctx.store, author!.id, { title: 'newcomer voted' });
          await ctx.store.threads.vote(b.id, voter!.id, 1);
          inserted.push(a.id, b.id);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => !inserted.includes(id))).toEqual(expected);
        if (sort === 'new') expect(seen).toEqual(expected);
      });
    }

    it('continues after the cursor even when the thread it points at was deleted meanwhile', async () => {
      const author = await makeUser(ctx.store);
      const threads: ThreadRecord[] = [];
      for (let i = 0; i < 6; i += 1) threads.push(await makeThread(ctx.store, author.id, { title: `t${i}` }));
      const first = await ctx.store.threads.list({ sort: 'new', limit: 3 });
      expect(ids(first.threads)).toEqual([threads[5]!.id, threads[4]!.id, threads[3]!.id]);
      await ctx.store.threads.softDelete(threads[3]!.id, now());
      await ctx.store.threads.softDelete(threads[2]!.id, now());
      const second = await ctx.store.threads.list({ sort: 'new', limit: 3, cursor: first.nextCursor! });
      expect(ids(second.threads)).toEqual([threads[1]!.id, threads[0]!.id]);
      expect(second.nextCursor).toBeNull();
    });

    it('filters by tag, with pagination, Chinese tags included', async () => {
      const author = await makeUser(ctx.store);
      const tagged: ThreadRecord[] = [];
      for (let i = 0; i < 7; i += 1) {
        await makeThread(ctx.store, author.id, { title: `plain ${i}`, tags: ['general'] });
        tagged.push(await makeThread(ctx.store, author.id, { title: `融资 ${i}`, tags: ['融资', 'seed'] }));
      }
      const expected = ids(tagged).reverse();
      expect(ids(await listAll(ctx.store, { sort: 'new', tag: '融资', limit: 3 }))).toEqual(expected);
      expect(ids(await listAll(ctx.store, { sort: 'new', tag: 'seed', limit: 100 }))).toEqual(expected);
      expect(await ctx.store.threads.list({ sort: 'new', tag: 'nothing-tagged', limit: 10 })).toEqual({ threads: [], nextCursor: null });
    });

    it('a tag change moves the thread in or out of the tag listing', async () => {
      const author = await makeUser(ctx.store);
      const t = await makeThread(ctx.store, author.id, { tags: ['old'] });
      await ctx.store.threads.update(t.id, { tags: ['new-tag'] }, now());
      expect((await ctx.store.threads.list({ sort: 'new', tag: 'old', limit: 10 })).threads).toEqual([]);
      expect(ids((await ctx.store.threads.list({ sort: 'new', tag: 'new-tag', limit: 10 })).threads)).toEqual([t.id]);
    });

    it('filters by author, with pagination, and combines with tag', async () => {
      const [alice, bob] = await makeUsers(ctx.store, 2);
      const byAlice: ThreadRecord[] = [];
      for (let i = 0; i < 5; i += 1) {
        byAlice.push(await makeThread(ctx.store, alice!.id, { title: `a${i}`, tags: i % 2 ? ['x'] : ['y'] }));
        await makeThread(ctx.store, bob!.id, { title: `b${i}`, tags: ['x'] });
      }
      expect(ids(await listAll(ctx.store, { sort: 'new', authorId: alice!.id, limit: 2 }))).toEqual(ids(byAlice).reverse());
      expect(ids(await listAll(ctx.store, { sort: 'top', authorId: alice!.id, tag: 'x', limit: 1 }))).toEqual([byAlice[3]!.id, byAlice[1]!.id]);
    });

    it('leaves deleted threads out of every listing', async () => {
      const [author, voter] = await makeUsers(ctx.store, 2);
      const keep = await makeThread(ctx.store, author!.id, { tags: ['t'] });
      const drop = await makeThread(ctx.store, author!.id, { tags: ['t'] });
      await ctx.store.threads.vote(drop.id, voter!.id, 1);
      await ctx.store.threads.softDelete(drop.id, now());
      for (const sort of ['new', 'top', 'active'] as ThreadSort[]) {
        expect(ids((await ctx.store.threads.list({ sort, limit: 10 })).threads)).toEqual([keep.id]);
        expect(ids((await ctx.store.threads.list({ sort, tag: 't', limit: 10 })).threads)).toEqual([keep.id]);
        expect(ids((await ctx.store.threads.list({ sort, authorId: author!.id, limit: 10 })).threads)).toEqual([keep.id]);
      }
    });

    it('returns an empty page with no cursor when there are no threads', async () => {
      expect(await ctx.store.threads.list({ sort: 'new', limit: 10 })).toEqual({ threads: [], nextCursor: null });
    });
  });

  describe('replies', () => {
    it('addReply stores the reply and bumps replyCount and lastActivityAt', async () => {
      const [author, replier] = await makeUsers(ctx.store, 2);
      const thread = await makeThread(ctx.store, author!.id);
      await nextMillisecond();
      const reply = await ctx.store.threads.addReply({ threadId: thread.id, authorId: replier!.id, body: '我可以帮忙 🙌', replyTo: null });
      expect(reply).toEqual({
        id: expect.any(String),
        threadId: thread.id,
        authorId: replier!.id,
        body: '我可以帮忙 🙌',
        replyTo: null,
        createdAt: expect.stringMatching(ISO_TIME),
        editedAt: null,
        deletedAt: null,
      });
      expect(await ctx.store.threads.findReply(reply.id)).toEqual(reply);
      const after = await ctx.store.threads.findById(thread.id);
      expect(after?.replyCount).toBe(1);
      expect(after!.lastActivityAt > thread.lastActivityAt).toBe(true);
      expect(after!.lastActivityAt >= reply.createdAt).toBe(true);
    });

    it('nests replies with replyTo and lists them all (deleted included) in (createdAt, id) order', async () => {
      const [author, replier] = await makeUsers(ctx.store, 2);
      const thread = await makeThread(ctx.store, author!.id);
      const other = await makeThread(ctx.store, author!.id);
      const r1 = await ctx.store.threads.addReply({ threadId: thread.id, authorId: replier!.id, body: 'first', replyTo: null });
      const r2 = await ctx.store.threads.addReply({ threadId: thread.id, authorId: author!.id, body: 'answer', replyTo: r1.id });
      await ctx.store.threads.addReply({ threadId: other.id, authorId: author!.id, body: 'elsewhere', replyTo: null });
      const r3 = await ctx.store.threads.addReply({ threadId: thread.id, authorId: replier!.id, body: 'third', replyTo: r2.id });
      await ctx.store.threads.softDeleteReply(r2.id, now());
      const listed = await ctx.store.threads.listReplies(thread.id);
      expect(ids(listed)).toEqual([r1.id, r2.id, r3.id]);
      expect(listed.map((r) => r.replyTo)).toEqual([null, r1.id, r2.id]);
      expect(listed[1]!.deletedAt).not.toBeNull();
      expect(await ctx.store.threads.listReplies('no-such-thread')).toEqual([]);
    });

    it('counts many replies, concurrent ones included', async () => {
      const [author, ...repliers] = await makeUsers(ctx.store, 6);
      const thread = await makeThread(ctx.store, author!.id);
      await Promise.all(repliers.map((u, i) => ctx.store.threads.addReply({ threadId: thread.id, authorId: u.id, body: `r${i}`, replyTo: null })));
      expect((await ctx.store.threads.findById(thread.id))?.replyCount).toBe(5);
      expect(await ctx.store.threads.listReplies(thread.id)).toHaveLength(5);
    });

    it('updateReply changes the body and sets editedAt', async () => {
      const author = await makeUser(ctx.store);
      const thread = await makeThread(ctx.store, author.id);
      const reply = await ctx.store.threads.addReply({ threadId: thread.id, authorId: author.id, body: 'draft', replyTo: null });
      const editedAt = now();
      const updated = await ctx.store.threads.updateReply(reply.id, '定稿', editedAt);
      expect(updated).toEqual({ ...reply, body: '定稿', editedAt });
      expect(await ctx.store.threads.findReply(reply.id)).toEqual(updated);
      expect((await ctx.store.threads.findById(thread.id))?.replyCount).toBe(1);
    });

    it('softDeleteReply sets deletedAt and drops replyCount by one, once', async () => {
      const author = await makeUser(ctx.store);
      const thread = await makeThread(ctx.store, author.id);
      const r1 = await ctx.store.threads.addReply({ threadId: thread.id, authorId: author.id, body: 'one', replyTo: null });
      await ctx.store.threads.addReply({ threadId: thread.id, authorId: author.id, body: 'two', replyTo: null });
      expect((await ctx.store.threads.findById(thread.id))?.replyCount).toBe(2);

      const deletedAt = now();
      const deleted = await ctx.store.threads.softDeleteReply(r1.id, deletedAt);
      expect(deleted).toMatchObject({ id: r1.id, threadId: thread.id, deletedAt });
      expect(await ctx.store.threads.findReply(r1.id)).toEqual(deleted);
      expect((await ctx.store.threads.findById(thread.id))?.replyCount).toBe(1);

      // Deleting it again must not count it twice.
      await ctx.store.threads.softDeleteReply(r1.id, now());
      expect((await ctx.store.threads.findById(thread.id))?.replyCount).toBe(1);
    });
  });

  describe('votes', () => {
    it('returns the new score, is idempotent on re-vote, and adjusts on change', async () => {
      const [author, a, b] = await makeUsers(ctx.store, 3);
      const thread = await makeThread(ctx.store, author!.id);
      expect(await ctx.store.threads.getVote(thread.id, a!.id)).toBe(0);

      expect(await ctx.store.threads.vote(thread.id, a!.id, 1)).toBe(1);
      expect(await ctx.store.threads.vote(thread.id, a!.id, 1)).toBe(1);
      expect(await ctx.store.threads.getVote(thread.id, a!.id)).toBe(1);
      expect(await ctx.store.threads.vote(thread.id, b!.id, 1)).toBe(2);
      expect(await ctx.store.threads.vote(thread.id, a!.id, -1)).toBe(0);
      expect(await ctx.store.threads.getVote(thread.id, a!.id)).toBe(-1);
      expect(await ctx.store.threads.vote(thread.id, a!.id, -1)).toBe(0);
      expect(await ctx.store.threads.vote(thread.id, b!.id, 0)).toBe(-1);
      expect(await ctx.store.threads.getVote(thread.id, b!.id)).toBe(0);
      expect(await ctx.store.threads.vote(thread.id, b!.id, 0)).toBe(-1);
      expect((await ctx.store.threads.findById(thread.id))?.score).toBe(-1);
    });

    it('keeps votes per thread', async () => {
      const [author, a] = await makeUsers(ctx.store, 2);
      const t1 = await makeThread(ctx.store, author!.id);
      const t2 = await makeThread(ctx.store, author!.id);
      await ctx.store.threads.vote(t1.id, a!.id, 1);
      expect(await ctx.store.threads.getVote(t2.id, a!.id)).toBe(0);
      expect((await ctx.store.threads.findById(t2.id))?.score).toBe(0);
    });

    it('gives the exact score under 20 concurrent votes by different users', async () => {
      const author = await makeUser(ctx.store);
      const voters = await makeUsers(ctx.store, 20, 'voter');
      const thread = await makeThread(ctx.store, author.id);
      const values = voters.map((_, i) => (i % 4 === 3 ? -1 : 1) as -1 | 1); // 15 up, 5 down
      const returned = await Promise.all(voters.map((v, i) => ctx.store.threads.vote(thread.id, v.id, values[i]!)));
      for (const score of returned) expect(score).toBeGreaterThanOrEqual(-5);
      expect(Math.max(...returned)).toBeLessThanOrEqual(15);
      expect((await ctx.store.threads.findById(thread.id))?.score).toBe(10);
      for (const [i, v] of voters.entries()) expect(await ctx.store.threads.getVote(thread.id, v.id)).toBe(values[i]);

      // Everybody flips at once.
      await Promise.all(voters.map((v, i) => ctx.store.threads.vote(thread.id, v.id, (values[i]! * -1) as -1 | 1)));
      expect((await ctx.store.threads.findById(thread.id))?.score).toBe(-10);
    });

    it('counts one user once even when the same vote arrives concurrently', async () => {
      const [author, a] = await makeUsers(ctx.store, 2);
      const thread = await makeThread(ctx.store, author!.id);
      await Promise.all(Array.from({ length: 6 }, () => ctx.store.threads.vote(thread.id, a!.id, 1)));
      expect((await ctx.store.threads.findById(thread.id))?.score).toBe(1);
      expect(await ctx.store.threads.getVote(thread.id, a!.id)).toBe(1);
    });

    it('keeps scores and votes across a restart', async () => {
      const [author, a, b] = await makeUsers(ctx.store, 3);
      const thread = await makeThread(ctx.store, author!.id);
      await ctx.store.threads.vote(thread.id, a!.id, 1);
      await ctx.store.threads.vote(thread.id, b!.id, -1);
      await ctx.store.threads.vote(thread.id, b!.id, 1);
      const store = await ctx.reopen();
      expect((await store.threads.findById(thread.id))?.score).toBe(2);
      expect(await store.threads.getVote(thread.id, b!.id)).toBe(1);
      expect(await store.threads.vote(thread.id, a!.id, 0)).toBe(1);
    });
  });

  describe('listParticipatedThreadIds', () => {
    it('lists live threads the user authored, replied to or voted on, each once', async () => {
      const [me, other] = await makeUsers(ctx.store, 2);
      const authored = await makeThread(ctx.store, me!.id);
      const replied = await makeThread(ctx.store, other!.id);
      const voted = await makeThread(ctx.store, other!.id);
      const downvoted = await makeThread(ctx.store, other!.id);
      const everything = await makeThread(ctx.store, me!.id);
      const untouched = await makeThread(ctx.store, other!.id);
      const deleted = await makeThread(ctx.store, me!.id);

      await ctx.store.threads.addReply({ threadId: replied.id, authorId: me!.id, body: 'hi', replyTo: null });
      await ctx.store.threads.vote(voted.id, me!.id, 1);
      await ctx.store.threads.vote(downvoted.id, me!.id, -1);
      await ctx.store.threads.addReply({ threadId: everything.id, authorId: me!.id, body: 'self reply', replyTo: null });
      await ctx.store.threads.vote(everything.id, me!.id, 1);
      await ctx.store.threads.addReply({ threadId: untouched.id, authorId: other!.id, body: 'not me', replyTo: null });
      await ctx.store.threads.softDelete(deleted.id, now());

      const got = await ctx.store.threads.listParticipatedThreadIds(me!.id);
      expect(got).toHaveLength(new Set(got).size);
      expect(sorted(got)).toEqual(sorted([authored.id, replied.id, voted.id, downvoted.id, everything.id]));

      expect(sorted(await ctx.store.threads.listParticipatedThreadIds(other!.id))).toEqual(
        sorted([replied.id, voted.id, downvoted.id, untouched.id]),
      );
      expect(await ctx.store.threads.listParticipatedThreadIds((await makeUser(ctx.store)).id)).toEqual([]);
    });
  });

  describe('search', () => {
    async function seed() {
      const author = await makeUser(ctx.store);
      const make = (title: string, body: string, tags: string[] = []) => makeThread(ctx.store, author.id, { title, body, tags });
      return {
        author,
        fundraising: await make('Fundraising tips for a seed round', 'What I learned pitching forty investors in three months.', ['funding']),
        pricing: await make('Pricing our SaaS product', 'Should we charge per seat or per usage?', ['saas']),
        hiring: await make('First engineering hire', 'Equity versus salary for the first engineer.', ['hiring']),
        cofounderZh: await make('如何找到靠谱的技术合伙人', '我们是一家早期教育科技公司，正在寻找联合创始人。', ['招聘']),
        financeZh: await make('种子轮融资经验分享', '上个月完成了种子轮，分享一下和投资人沟通的经验。', ['融资']),
        marketZh: await make('出海市场推广', '东南亚市场的获客成本比国内低很多。', ['增长']),
      };
    }

    it('finds threads by an English word in the title or body', async () => {
      const s = await seed();
      expect(ids((await ctx.store.threads.search('fundraising', { limit: 10 })).map((r) => r.thread))).toEqual([s.fundraising.id]);
      expect(ids((await ctx.store.threads.search('investors', { limit: 10 })).map((r) => r.thread))).toEqual([s.fundraising.id]);
      expect(ids((await ctx.store.threads.search('salary', { limit: 10 })).map((r) => r.thread))).toEqual([s.hiring.id]);
    });

    it('ignores letter case in English queries', async () => {
      const s = await seed();
      expect(ids((await ctx.store.threads.search('PRICING', { limit: 10 })).map((r) => r.thread))).toEqual([s.pricing.id]);
    });

    it('finds a thread by a word of its tags', async () => {
      const s = await seed();
      // 'hiring' is only in the hiring thread's tags (its title says 'hire').
      expect(ids((await ctx.store.threads.search('hiring', { limit: 10 })).map((r) => r.thread))).toEqual([s.hiring.id]);
      expect(ids((await ctx.store.threads.search('招聘', { limit: 10 })).map((r) => r.thread))).toEqual([s.cofounderZh.id]);
    });

    it('finds a thread containing both words of a two-word query, first', async () => {
      const s = await seed();
      const results = await ctx.store.threads.search('seed investors', { limit: 10 });
      expect(results[0]?.thread.id).toBe(s.fundraising.id);
    });

    it('finds Chinese threads with a two-character query', async () => {
      const s = await seed();
      const results = (await ctx.store.threads.search('融资', { limit: 10 })).map((r) => r.thread.id);
      expect(results).toContain(s.financeZh.id);
      expect(results).not.toContain(s.cofounderZh.id);
      expect(results).not.toContain(s.fundraising.id);
      expect((await ctx.store.threads.search('市场', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.marketZh.id]);
    });

    it('finds Chinese threads with a four-character query', async () => {
      const s = await seed();
      expect((await ctx.store.threads.search('联合创始', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.cofounderZh.id]);
      expect((await ctx.store.threads.search('技术合伙', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.cofounderZh.id]);
      expect((await ctx.store.threads.search('种子轮融', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.financeZh.id]);
    });

    it('ranks a title match above a body-only match (English)', async () => {
      const author = await makeUser(ctx.store);
      // The body-only match is short and repeats the word; the title match is long and says it once.
      const bodyOnly = await makeThread(ctx.store, author.id, { title: 'Monthly metrics', body: 'Churn, churn and more churn.' });
      const inTitle = await makeThread(ctx.store, author.id, {
        title: 'What finally reduced our churn after two years of trying everything we could think of',
        body: 'A long story about onboarding, pricing, support and the product changes that mattered for retention in our first market.',
      });
      const results = await ctx.store.threads.search('churn', { limit: 10 });
      expect(results.map((r) => r.thread.id)).toEqual([inTitle.id, bodyOnly.id]);
      for (const r of results) expect(Number.isFinite(r.score)).toBe(true);
    });

    it('ranks a title match above a body-only match (Chinese, 2 and 4 characters)', async () => {
      const author = await makeUser(ctx.store);
      const bodyOnly = await makeThread(ctx.store, author.id, {
        title: '本周进展',
        body: '天使轮融资，天使轮融资，还是天使轮融资。',
      });
      const inTitle = await makeThread(ctx.store, author.id, {
        title: '我们是怎样在三个月内完成天使轮融资并找到第一批客户的',
        body: '这是一段很长的经历，涉及产品、招聘、定价、客户访谈和团队管理等很多方面，欢迎大家一起讨论交流。',
      });
      expect((await ctx.store.threads.search('融资', { limit: 10 })).map((r) => r.thread.id)).toEqual([inTitle.id, bodyOnly.id]);
      expect((await ctx.store.threads.search('天使轮融', { limit: 10 })).map((r) => r.thread.id)).toEqual([inTitle.id, bodyOnly.id]);
    });

    it('returns whole live thread records', async () => {
      const s = await seed();
      const [hit] = await ctx.store.threads.search('pricing', { limit: 10 });
      expect(hit?.thread).toEqual(await ctx.store.threads.findById(s.pricing.id));
    });

    it('respects the limit and the tag filter', async () => {
      const author = await makeUser(ctx.store);
      const threads: ThreadRecord[] = [];
      for (let i = 0; i < 6; i += 1) {
        threads.push(await makeThread(ctx.store, author.id, { title: `Runway planning ${i}`, body: 'runway', tags: i < 2 ? ['finance'] : ['ops'] }));
      }
      expect(await ctx.store.threads.search('runway', { limit: 4 })).toHaveLength(4);
      expect(sorted((await ctx.store.threads.search('runway', { limit: 10, tag: 'finance' })).map((r) => r.thread.id))).toEqual(
        sorted([threads[0]!.id, threads[1]!.id]),
      );
      expect(await ctx.store.threads.search('runway', { limit: 10, tag: 'none' })).toEqual([]);
    });

    it('returns nothing for a word no thread contains', async () => {
      await seed();
      expect(await ctx.store.threads.search('blockchain', { limit: 10 })).toEqual([]);
      expect(await ctx.store.threads.search('区块链', { limit: 10 })).toEqual([]);
    });

    it('leaves out deleted threads and follows edits', async () => {
      const s = await seed();
      await ctx.store.threads.softDelete(s.financeZh.id, now());
      expect(await ctx.store.threads.search('种子轮', { limit: 10 })).toEqual([]);

      await ctx.store.threads.update(s.pricing.id, { title: 'Monetisation strategy', body: 'Per seat or per usage?' }, now());
      expect(await ctx.store.threads.search('pricing', { limit: 10 })).toEqual([]);
      expect((await ctx.store.threads.search('monetisation', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.pricing.id]);

      await ctx.store.threads.update(s.marketZh.id, { body: '我们在越南做了本地化运营。' }, now());
      expect(await ctx.store.threads.search('获客', { limit: 10 })).toEqual([]);
      expect((await ctx.store.threads.search('本地化', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.marketZh.id]);
    });

    it('still finds threads after a restart', async () => {
      const s = await seed();
      const store = await ctx.reopen();
      expect((await store.threads.search('联合创始', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.cofounderZh.id]);
      expect((await store.threads.search('fundraising', { limit: 10 })).map((r) => r.thread.id)).toEqual([s.fundraising.id]);
    });
  });
});
