import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import type { TestUser } from '../helpers/chat';
import { idsOf, listThreads, postReply, postThread } from '../helpers/threads';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each(hubStores())('threads: posts, replies, votes [%s]', (store) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ store });
  });
  afterAll(() => hub.destroy());

  describe('CRUD', () => {
    test('create answers 201 with the presented thread; GET shows it with its replies', async () => {
      const alice = await registerUser(hub);
      const res = await api(hub, 'POST', '/api/threads', {
        token: alice.token,
        body: { title: '  我们如何把 GPU 账单砍掉 60%  ', body: '## 背景\n\n    indented code stays\n', tags: [' GPU ', 'Infra', '成本', 'gpu', 'Machine Learning'] },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        title: '我们如何把 GPU 账单砍掉 60%',
        // Markdown is stored raw: leading spaces and newlines matter.
        body: '## 背景\n\n    indented code stays\n',
        tags: ['gpu', 'infra', '成本', 'machine-learning'],
        author: alice.user,
        score: 0,
        myVote: 0,
        replyCount: 0,
        createdAt: expect.stringMatching(ISO),
        editedAt: null,
        deletedAt: null,
        lastActivityAt: expect.stringMatching(ISO),
      });

      const bob = await registerUser(hub);
      const got = await api(hub, 'GET', `/api/threads/${res.body.id}`, { token: bob.token });
      expect(got.status).toBe(200);
      expect(got.body).toEqual({ thread: res.body, replies: [] });
    });

    test('title-only threads are fine: body and tags default to empty', async () => {
      const alice = await registerUser(hub);
      const res = await api(hub, 'POST', '/api/threads', { token: alice.token, body: { title: 'Anyone used Modal for batch inference?' } });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ body: '', tags: [] });
    });

    test('the author edits: the fields given change and editedAt is set; an edit that changes nothing stores nothing', async () => {
      const alice = await registerUser(hub);
      const thread = await postThread(hub, alice, { title: 'Old title', body: 'Old body', tags: ['a'] });
      const edited = await api(hub, 'PATCH', `/api/threads/${thread.id}`, { token: alice.token, body: { title: '新标题', tags: ['B', 'c'] } });
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({ ...thread, title: '新标题', tags: ['b', 'c'], editedAt: expect.stringMatching(ISO) });
      const got = await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token });
      expect(got.body.thread).toEqual(edited.body);

      const same = await api(hub, 'PATCH', `/api/threads/${thread.id}`, { token: alice.token, body: { title: '新标题' } });
      expect(same.status).toBe(200);
      expect(same.body).toEqual(edited.body);
    });

    test('replies: flat with replyTo; replyCount and lastActivityAt follow; edits and soft deletes', async () => {
      const [alice, bob, carol] = [await registerUser(hub), await registerUser(hub), await registerUser(hub)];
      const thread = await postThread(hub, alice, { title: 'Seed round lessons' });

      const first = await api(hub, 'POST', `/api/threads/${thread.id}/replies`, { token: bob.token, body: { body: '我们也遇到过类似的问题 👀' } });
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        threadId: thread.id,
        author: bob.user,
        body: '我们也遇到过类似的问题 👀',
        replyTo: null,
        createdAt: expect.stringMatching(ISO),
        editedAt: null,
        deletedAt: null,
      });
      const answer = await postReply(hub, carol, thread.id, 'Same here.', first.body.id);
      expect(answer.replyTo).toBe(first.body.id);

      let got = await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token });
      expect(idsOf(got.body.replies)).toEqual([first.body.id, answer.id]);
      expect(got.body.thread.replyCount).toBe(2);
      expect(got.body.thread.lastActivityAt >= answer.createdAt).toBe(true);
      expect(got.body.thread.lastActivityAt > thread.lastActivityAt || got.body.thread.lastActivityAt === answer.createdAt).toBe(true);

      const edited = await api(hub, 'PATCH', `/api/threads/${thread.id}/replies/${first.body.id}`, { token: bob.token, body: { body: 'Edited: 我们也遇到过' } });
      expect(edited.status).toBe(200);
      expect(edited.body).toEqual({ ...first.body, body: 'Edited: 我们也遇到过', editedAt: expect.stringMatching(ISO) });

      const deleted = await api(hub, 'DELETE', `/api/threads/${thread.id}/replies/${first.body.id}`, { token: bob.token });
      expect(deleted.status).toBe(204);
      got = await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token });
      expect(got.body.thread.replyCount).toBe(1);
      // The deleted reply keeps its place (carol's answer points at it) but not its text.
      expect(got.body.replies).toEqual([
        { ...edited.body, body: '', deletedAt: expect.stringMatching(ISO) },
        answer,
      ]);
      // Gone for edits and a second delete.
      expect((await api(hub, 'DELETE', `/api/threads/${thread.id}/replies/${first.body.id}`, { token: bob.token })).status).toBe(404);
      expect((await api(hub, 'PATCH', `/api/threads/${thread.id}/replies/${first.body.id}`, { token: bob.token, body: { body: 'x' } })).status).toBe(404);
      expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token })).body.thread.replyCount).toBe(1);
    });

    test('soft delete by the author: the thread answers 404 and leaves every listing', async () => {
      const alice = await registerUser(hub);
      const keep = await postThread(hub, alice, { tags: ['delete-test'] });
      const drop = await postThread(hub, alice, { tags: ['delete-test'] });
      const res = await api(hub, 'DELETE', `/api/threads/${drop.id}`, { token: alice.token });
      expect(res.status).toBe(204);
      expect((await api(hub, 'GET', `/api/threads/${drop.id}`, { token: alice.token })).status).toBe(404);
      for (const sort of ['new', 'top', 'active']) {
        expect(idsOf((await listThreads(hub, alice, { sort, author: alice.user.id })).threads)).toEqual([keep.id]);
        expect(idsOf((await listThreads(hub, alice, { sort, tag: 'delete-test' })).threads)).toEqual([keep.id]);
      }
      expect((await api(hub, 'DELETE', `/api/threads/${drop.id}`, { token: alice.token })).status).toBe(404);
      expect((await api(hub, 'POST', `/api/threads/${drop.id}/replies`, { token: alice.token, body: { body: 'late' } })).status).toBe(404);
      expect((await api(hub, 'PATCH', `/api/threads/${drop.id}`, { token: alice.token, body: { title: 'revive' } })).status).toBe(404);
    });

    test('unknown ids answer 404', async () => {
      const alice = await registerUser(hub);
      const thread = await postThread(hub, alice);
      for (const [method, path] of [
        ['GET', '/api/threads/01hzzzzzzzzzzzzzzzzzzzzzzz'],
        ['GET', `/api/threads/${'x'.repeat(300)}`],
        ['DELETE', '/api/threads/nope'],
        ['PATCH', `/api/threads/${thread.id}/replies/nope`],
        ['DELETE', `/api/threads/${thread.id}/replies/nope`],
      ] as const) {
        const res = await api(hub, method, path, { token: alice.token, body: method === 'PATCH' ? { body: 'x' } : undefined });
        expect([path, res.status, res.body.error?.code]).toEqual([path, 404, 'not_found']);
      }
    });

    test('listing filters by tag (normalized like stored tags) and by author id', async () => {
      const [alice, bob] = [await registerUser(hub), await registerUser(hub)];
      const a1 = await postThread(hub, alice, { tags: ['出海', 'Go-To-Market'] });
      const b1 = await postThread(hub, bob, { tags: ['go-to-market'] });
      await postThread(hub, bob, { tags: ['出海'] });
      expect(idsOf((await listThreads(hub, alice, { tag: 'GO-TO-MARKET' })).threads)).toEqual([b1.id, a1.id]);
      expect(idsOf((await listThreads(hub, alice, { tag: 'go-to-market', author: alice.user.id })).threads)).toEqual([a1.id]);
      expect((await listThreads(hub, alice, { author: 'no-such-user' })).threads).toEqual([]);
    });
  });

  describe('votes', () => {
    test('20 parallel votes by different users give the exact score; voting again changes nothing', async () => {
      const author = await registerUser(hub);
      const thread = await postThread(hub, author, { title: 'Vote on me' });
      const voters = await Promise.all(Array.from({ length: 20 }, () => registerUser(hub)));

      const up = await Promise.all(voters.map((v) => api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: v.token, body: { value: 1 } })));
      for (const res of up) expect(res.status).toBe(200);
      // Each answer is the score right after that vote: together they are exactly 1..20.
      expect(up.map((r) => r.body.score).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: author.token })).body.thread.score).toBe(20);

      // The same votes again, in parallel: idempotent.
      const again = await Promise.all(voters.map((v) => api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: v.token, body: { value: 1 } })));
      for (const res of again) expect(res.body).toEqual({ score: 20, myVote: 1 });

      // Eight switch to down, four take their vote back, all at once: 8 up, 8 down.
      const changes = await Promise.all([
        ...voters.slice(0, 8).map((v) => api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: v.token, body: { value: -1 } })),
        ...voters.slice(8, 12).map((v) => api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: v.token, body: { value: 0 } })),
      ]);
      for (const res of changes) expect(res.status).toBe(200);
      const after = await api(hub, 'GET', `/api/threads/${thread.id}`, { token: voters[0]!.token });
      expect(after.body.thread.score).toBe(0);
      expect(after.body.thread.myVote).toBe(-1);
      expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: voters[9]!.token })).body.thread.myVote).toBe(0);
      expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: voters[15]!.token })).body.thread.myVote).toBe(1);
      const listed = (await listThreads(hub, voters[3]!, { author: author.user.id })).threads;
      expect(listed).toEqual([expect.objectContaining({ id: thread.id, score: 0, myVote: -1 })]);
    });

    test('voting on a deleted thread answers 404 and changes nothing', async () => {
      const [author, voter] = [await registerUser(hub), await registerUser(hub)];
      const thread = await postThread(hub, author);
      await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: voter.token, body: { value: 1 } });
      await api(hub, 'DELETE', `/api/threads/${thread.id}`, { token: author.token });
      const res = await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: voter.token, body: { value: -1 } });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('not_found');
      // The stored vote is still the old one.
      expect(await hub.store.threads.getVote(thread.id, voter.user.id)).toBe(1);
      expect((await hub.store.threads.findById(thread.id))?.score).toBe(1);
    });
  });

  describe('pagination', () => {
    for (const sort of ['new', 'top', 'active'] as const) {
      test(`pages stay stable while threads are inserted between them: no duplicates, no gaps (${sort})`, async () => {
        const [author, voter] = [await registerUser(hub), await registerUser(hub)];
        const tag = `page-${sort}-${Date.now().toString(36)}`;
        for (let i = 0; i < 10; i += 1) {
          const t = await postThread(hub, author, { title: `page ${i}`, tags: [tag] });
          if (i % 3 === 0) await api(hub, 'POST', `/api/threads/${t.id}/vote`, { token: voter.token, body: { value: 1 } });
          if (i % 4 === 0) await postReply(hub, voter, t.id, 'bump');
        }
        const expected = idsOf((await listThreads(hub, author, { sort, tag, limit: 50 })).threads);
        expect(expected).toHaveLength(10);

        const seen: string[] = [];
        const inserted: string[] = [];
        let cursor: string | null = null;
        for (let guard = 0; guard < 10; guard += 1) {
          const page: { threads: any[]; nextCursor: string | null } = await listThreads(hub, author, { sort, tag, limit: 3, ...(cursor ? { cursor } : {}) });
          expect(page.threads.length).toBeLessThanOrEqual(3);
          seen.push(...idsOf(page.threads));
          // Newcomers between every two pages; one of them upvoted, so it would sort first under 'top' too.
          const a = await postThread(hub, author, { title: 'newcomer', tags: [tag] });
          const b = await postThread(hub, author, { title: 'newcomer voted', tags: [tag] });
          await api(hub, 'POST', `/api/threads/${b.id}/vote`, { token: voter.token, body: { value: 1 } });
          inserted.push(a.id, b.id);
          if (page.nextCursor === null) break;
          cursor = page.nextCursor;
        }
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen.filter((id) => !inserted.includes(id))).toEqual(expected);
        if (sort === 'new') expect(seen).toEqual(expected);
      });
    }

    test('limit bounds the page; a page past the end has no cursor', async () => {
      const author = await registerUser(hub);
      for (let i = 0; i < 3; i += 1) await postThread(hub, author);
      const first = await listThreads(hub, author, { author: author.user.id, limit: 2 });
      expect(first.threads).toHaveLength(2);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = await listThreads(hub, author, { author: author.user.id, limit: 2, cursor: first.nextCursor! });
      expect(second.threads).toHaveLength(1);
      expect(second.nextCursor).toBeNull();
    });
  });
});

describe.each(hubStores())('threads: moderators [%s]', (store) => {
  let hub: TestHub;
  let moderator: TestUser;
  beforeAll(async () => {
    hub = await startTestHub({ store, env: { MODERATORS: 'Thread_Mod, someone.else' } });
    moderator = await registerUser(hub, 'thread_mod');
  });
  afterAll(() => hub.destroy());

  test("a moderator may delete anyone's thread and reply, but not edit them", async () => {
    const alice = await registerUser(hub);
    const thread = await postThread(hub, alice, { title: 'spam?' });
    const reply = await postReply(hub, alice, thread.id, 'more spam');
    expect((await api(hub, 'PATCH', `/api/threads/${thread.id}`, { token: moderator.token, body: { title: 'edited by mod' } })).status).toBe(403);
    expect((await api(hub, 'PATCH', `/api/threads/${thread.id}/replies/${reply.id}`, { token: moderator.token, body: { body: 'x' } })).status).toBe(403);
    expect((await api(hub, 'DELETE', `/api/threads/${thread.id}/replies/${reply.id}`, { token: moderator.token })).status).toBe(204);
    expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token })).body.thread).toMatchObject({ title: 'spam?', replyCount: 0 });
    expect((await api(hub, 'DELETE', `/api/threads/${thread.id}`, { token: moderator.token })).status).toBe(204);
    expect((await api(hub, 'GET', `/api/threads/${thread.id}`, { token: alice.token })).status).toBe(404);
  });
});
