import { api, hubStores, registerUser, startTestHub, type TestHub } from '../helpers/hub';
import type { TestUser } from '../helpers/chat';
import { idsOf, listThreads, postReply, postThread } from '../helpers/threads';

type Input = { body?: unknown; rawBody?: string };

describe.each(hubStores())('threads: rights and bad input change nothing [%s]', (store) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await startTestHub({ store });
  });
  afterAll(() => hub.destroy());

  /** Everything an outsider could change, read through the store so presentation cannot hide a change. */
  async function snapshot(threadId: string) {
    return { thread: await hub.store.threads.findById(threadId), replies: await hub.store.threads.listReplies(threadId) };
  }

  const valid = { title: 'How we priced our API', body: 'Per token, then per seat.', tags: ['pricing'] };

  describe('POST /api/threads', () => {
    // Every row names its fields (null: not checked): jest would hand a `done` callback to a parameter a row leaves out.
    const cases: Array<[string, Input, number, string, string[] | null]> = [
      ['a huge tag list', { body: { ...valid, tags: Array.from({ length: 500 }, (_, i) => `tag${i}`) } }, 400, 'validation_failed', ['tags']],
      ['nine tags', { body: { ...valid, tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] } }, 400, 'validation_failed', ['tags']],
      ['an empty title', { body: { ...valid, title: '' } }, 400, 'validation_failed', ['title']],
      ['a title of spaces', { body: { ...valid, title: '   \u3000 ' } }, 400, 'validation_failed', ['title']],
      ['a missing title', { body: { body: 'x', tags: [] } }, 400, 'validation_failed', ['title']],
      ['a control character in the title', { body: { ...valid, title: 'bell \u0007 here' } }, 400, 'validation_failed', ['title']],
      ['a line break in the title', { body: { ...valid, title: 'two\nlines' } }, 400, 'validation_failed', ['title']],
      ['a NUL in the title', { body: { ...valid, title: 'nul\u0000' } }, 400, 'validation_failed', ['title']],
      ['a title over 200 characters', { body: { ...valid, title: '长'.repeat(201) } }, 400, 'validation_failed', ['title']],
      ['a body over 20000 characters', { body: { ...valid, body: 'x'.repeat(20_001) } }, 400, 'validation_failed', ['body']],
      ['a body of 20001 emoji', { body: { ...valid, body: '🚀'.repeat(20_001) } }, 400, 'validation_failed', ['body']],
      ['a control character in the body', { body: { ...valid, body: 'escape \u001b[31m red' } }, 400, 'validation_failed', ['body']],
      ['an empty tag', { body: { ...valid, tags: ['ok', '  '] } }, 400, 'validation_failed', ['tags.1']],
      ['a tag over 40 characters', { body: { ...valid, tags: ['t'.repeat(41)] } }, 400, 'validation_failed', ['tags.0']],
      ['a tag of punctuation', { body: { ...valid, tags: ['a/b?'] } }, 400, 'validation_failed', ['tags.0']],
      ['wrong types', { body: { title: 5, body: ['x'], tags: 'pricing' } }, 400, 'validation_failed', ['title', 'body', 'tags']],
      ['a tag that is not a string', { body: { ...valid, tags: [{ $gt: '' }] } }, 400, 'validation_failed', ['tags.0']],
      ['extra fields', { body: { ...valid, authorId: 'someone-else', score: 1000 } }, 400, 'validation_failed', ['authorId', 'score']],
      ['a JSON array', { body: [valid] }, 400, 'validation_failed', null],
      ['JSON null', { rawBody: 'null' }, 400, 'validation_failed', null],
      ['malformed JSON', { rawBody: '{"title": "x",' }, 400, 'invalid_json', null],
      ['a body over 1 MB', { body: { ...valid, body: 'x'.repeat(1_100_000) } }, 413, 'payload_too_large', null],
    ];
    test.each(cases)('%s', async (_name, input, status, code, fields) => {
      const author = await registerUser(hub);
      const res = await api(hub, 'POST', '/api/threads', { token: author.token, ...input });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (fields) expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
      expect((await listThreads(hub, author, { author: author.user.id })).threads).toEqual([]);
    });

    test('no token: 401 and nothing stored', async () => {
      const watcher = await registerUser(hub);
      const before = idsOf((await listThreads(hub, watcher, { limit: 50 })).threads);
      const res = await api(hub, 'POST', '/api/threads', { body: { ...valid, title: 'anonymous' } });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('unauthorized');
      expect(idsOf((await listThreads(hub, watcher, { limit: 50 })).threads)).toEqual(before);
      for (const [method, path] of [['GET', '/api/threads'], ['GET', '/api/threads/x'], ['POST', '/api/threads/x/vote']] as const) {
        expect((await api(hub, method, path, { token: 'garbage' })).status).toBe(401);
      }
    });

    test('exactly the limits are accepted', async () => {
      const author = await registerUser(hub);
      const res = await api(hub, 'POST', '/api/threads', {
        token: author.token,
        body: { title: '长'.repeat(200), body: '🚀'.repeat(20_000), tags: ['a', 'b', 'c', 'd', 'e', 'f', 'g', '八'.repeat(40)] },
      });
      expect(res.status).toBe(201);
      expect(res.body.tags).toHaveLength(8);
    });
  });

  describe('editing, deleting and voting', () => {
    let alice: TestUser;
    let mallory: TestUser;
    let thread: any;
    let reply: any;
    beforeAll(async () => {
      alice = await registerUser(hub);
      mallory = await registerUser(hub);
      thread = await postThread(hub, alice, { title: 'Mine', body: 'my words', tags: ['mine'] });
      reply = await postReply(hub, alice, thread.id, 'my reply');
      await api(hub, 'POST', `/api/threads/${thread.id}/vote`, { token: mallory.token, body: { value: 1 } });
    });

    const attempts: Array<[string, () => [string, string, TestUser, Input], number, string, string[] | null]> = [
      ["editing another user's thread", () => ['PATCH', `/api/threads/${thread.id}`, mallory, { body: { title: 'Theirs now' } }], 403, 'forbidden', null],
      ["deleting another user's thread", () => ['DELETE', `/api/threads/${thread.id}`, mallory, {}], 403, 'forbidden', null],
      ["editing another user's reply", () => ['PATCH', `/api/threads/${thread.id}/replies/${reply.id}`, mallory, { body: { body: 'x' } }], 403, 'forbidden', null],
      ["deleting another user's reply", () => ['DELETE', `/api/threads/${thread.id}/replies/${reply.id}`, mallory, {}], 403, 'forbidden', null],
      ['an edit with no fields', () => ['PATCH', `/api/threads/${thread.id}`, alice, { body: {} }], 400, 'validation_failed', null],
      ['an edit to an empty title', () => ['PATCH', `/api/threads/${thread.id}`, alice, { body: { title: ' ' } }], 400, 'validation_failed', ['title']],
      ['an edit with a control character', () => ['PATCH', `/api/threads/${thread.id}`, alice, { body: { title: 'a\u0008b' } }], 400, 'validation_failed', ['title']],
      ['an edit with nine tags', () => ['PATCH', `/api/threads/${thread.id}`, alice, { body: { tags: 'abcdefghi'.split('') } }], 400, 'validation_failed', ['tags']],
      ['an edit with an extra field', () => ['PATCH', `/api/threads/${thread.id}`, alice, { body: { title: 'ok', deletedAt: null } }], 400, 'validation_failed', ['deletedAt']],
      ['an edit with malformed JSON', () => ['PATCH', `/api/threads/${thread.id}`, alice, { rawBody: '{' }], 400, 'invalid_json', null],
      ['an empty reply', () => ['POST', `/api/threads/${thread.id}/replies`, alice, { body: { body: '  \n ' } }], 400, 'validation_failed', ['body']],
      ['a reply over 20000 characters', () => ['POST', `/api/threads/${thread.id}/replies`, alice, { body: { body: 'y'.repeat(20_001) } }], 400, 'validation_failed', ['body']],
      ['a reply with a wrong type', () => ['POST', `/api/threads/${thread.id}/replies`, alice, { body: { body: 42 } }], 400, 'validation_failed', ['body']],
      ['a reply to an unknown reply', () => ['POST', `/api/threads/${thread.id}/replies`, alice, { body: { body: 'x', replyTo: 'nope' } }], 400, 'validation_failed', ['replyTo']],
      ['a reply edit to empty', () => ['PATCH', `/api/threads/${thread.id}/replies/${reply.id}`, alice, { body: { body: '' } }], 400, 'validation_failed', ['body']],
      ['a vote of 2', () => ['POST', `/api/threads/${thread.id}/vote`, alice, { body: { value: 2 } }], 400, 'validation_failed', ['value']],
      ['a vote as a string', () => ['POST', `/api/threads/${thread.id}/vote`, alice, { body: { value: '1' } }], 400, 'validation_failed', ['value']],
      ['a vote with an extra field', () => ['POST', `/api/threads/${thread.id}/vote`, alice, { body: { value: 1, userId: 'x' } }], 400, 'validation_failed', ['userId']],
      ['a vote without a body', () => ['POST', `/api/threads/${thread.id}/vote`, alice, {}], 400, 'validation_failed', null],
      ['a vote with malformed JSON', () => ['POST', `/api/threads/${thread.id}/vote`, alice, { rawBody: 'value=1' }], 400, 'invalid_json', null],
    ];
    test.each(attempts)('%s', async (_name, attempt, status, code, fields) => {
      const before = await snapshot(thread.id);
      const votes = [await hub.store.threads.getVote(thread.id, alice.user.id), await hub.store.threads.getVote(thread.id, mallory.user.id)];
      const [method, path, who, input] = attempt();
      const res = await api(hub, method, path, { token: who.token, ...input });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBe(code);
      if (fields) expect(Object.keys(res.body.error.details.fields).sort()).toEqual([...fields].sort());
      expect(await snapshot(thread.id)).toEqual(before);
      expect([await hub.store.threads.getVote(thread.id, alice.user.id), await hub.store.threads.getVote(thread.id, mallory.user.id)]).toEqual(votes);
    });

    test('replyTo must be a reply of the same thread', async () => {
      const other = await postThread(hub, mallory);
      const elsewhere = await postReply(hub, mallory, other.id, 'elsewhere');
      const before = await snapshot(thread.id);
      const res = await api(hub, 'POST', `/api/threads/${thread.id}/replies`, { token: alice.token, body: { body: 'x', replyTo: elsewhere.id } });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields).toHaveProperty('replyTo');
      expect(await snapshot(thread.id)).toEqual(before);
    });

    test('a reply addressed through another thread is not found', async () => {
      const other = await postThread(hub, alice);
      const before = await snapshot(thread.id);
      const res = await api(hub, 'PATCH', `/api/threads/${other.id}/replies/${reply.id}`, { token: alice.token, body: { body: 'moved?' } });
      expect(res.status).toBe(404);
      expect(await snapshot(thread.id)).toEqual(before);
    });
  });

  describe('listing queries', () => {
    const bad: Array<[string, string, string[]]> = [
      ['an unknown sort', 'sort=hot', ['sort']],
      ['a limit over 50', 'limit=51', ['limit']],
      ['a zero limit', 'limit=0', ['limit']],
      ['a fractional limit', 'limit=2.5', ['limit']],
      ['a non-numeric limit', 'limit=ten', ['limit']],
      ['a repeated tag', 'tag=a&tag=b', ['tag']],
      ['a tag of punctuation', 'tag=%3F%3F', ['tag']],
      ['a query over 200 characters', `q=${'长'.repeat(201)}`, ['q']],
      ['a query with a control character', 'q=a%07b', ['q']],
      ['a cursor that is not one', 'cursor=%7B%22x%22%7D', ['cursor']],
      ['a cursor with a search', 'q=seed&cursor=abc', ['cursor']],
    ];
    test.each(bad)('%s: 400 naming the parameter', async (_name, qs, fields) => {
      const user = await registerUser(hub);
      const res = await api(hub, 'GET', `/api/threads?${qs}`, { token: user.token });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(Object.keys(res.body.error.details.fields).sort()).toEqual(fields);
    });

    test('unknown parameters and an empty q are ignored', async () => {
      const user = await registerUser(hub);
      const t = await postThread(hub, user);
      const res = await api(hub, 'GET', `/api/threads?author=${user.user.id}&q=&_=12345`, { token: user.token });
      expect(res.status).toBe(200);
      expect(idsOf(res.body.threads)).toEqual([t.id]);
    });
  });
});
