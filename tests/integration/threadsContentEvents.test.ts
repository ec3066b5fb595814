import { AuthorDirectory } from '../../server/src/domain/authorDirectory';
import { ContentEvents, type ContentChanged } from '../../server/src/domain/contentEvents';
import { presentUser } from '../../server/src/domain/presenters';
import { ThreadEvents, type ThreadActivity } from '../../server/src/domain/threadEvents';
import { ThreadService } from '../../server/src/domain/threadService';
import { describeEachStore } from '../helpers/storeCases';

/** The thread rules on a real store, listened to the way the semantic layer and the gateway listen. */
describeEachStore('ThreadService events', (ctx) => {
  function setUp() {
    const content = new ContentEvents();
    const activity = new ThreadEvents();
    const changed: ContentChanged[] = [];
    const live: ThreadActivity[] = [];
    content.on((e) => changed.push(e));
    activity.on((e) => live.push(e));
    const threads = new ThreadService(ctx.store, new AuthorDirectory(ctx.store.users), content, activity, { moderators: new Set(['mod']) });
    return { threads, changed, live };
  }
  const user = async (username: string) =>
    presentUser(await ctx.store.users.create({ username, displayName: username.toUpperCase(), passwordHash: 'not-a-real-hash' }));

  it('every stored change of a thread or reply emits exactly one content.changed, and nothing else does', async () => {
    const { threads, changed } = setUp();
    const [alice, bob, mod] = [await user('alice'), await user('bob'), await user('mod')];

    const thread = await threads.create(alice, { title: 'GPU 拼车', body: '', tags: [] });
    expect(changed).toEqual([{ type: 'thread', id: thread.id }]);

    await threads.edit(alice, thread.id, { title: 'GPU 拼车 (A100)' });
    // An edit that changes nothing stores nothing, so it announces nothing.
    await threads.edit(alice, thread.id, { title: 'GPU 拼车 (A100)' });
    const reply = await threads.reply(bob, thread.id, { body: '我有空闲的 A100', replyTo: null });
    await threads.editReply(bob, thread.id, reply.id, { body: '我有两张空闲的 A100' });
    // Reads, votes and refused writes are not content changes.
    await threads.vote(bob, thread.id, 1);
    await threads.get(bob.id, thread.id);
    await expect(threads.edit(bob, thread.id, { title: 'mine now' })).rejects.toMatchObject({ status: 403 });
    await threads.deleteReply(mod, thread.id, reply.id);
    await threads.delete(alice, thread.id);

    expect(changed).toEqual([
      { type: 'thread', id: thread.id },
      { type: 'thread', id: thread.id },
      { type: 'reply', id: reply.id },
      { type: 'reply', id: reply.id },
      { type: 'reply', id: reply.id, deleted: true },
      { type: 'thread', id: thread.id, deleted: true },
    ]);
  });

  it('live activity carries public views only: no password hash, no per-user vote', async () => {
    const { threads, live } = setUp();
    const alice = await user('alice2');
    // A whole user record, as an HTTP handler might carelessly pass it: only the public card may come out.
    const record = (await ctx.store.users.findById(alice.id))!;
    const thread = await threads.create(record, { title: 'Hiring our first engineer', body: 'Equity or salary?', tags: ['hiring'] });
    expect(thread.author).toEqual(alice);
    await threads.vote(alice, thread.id, -1);
    expect(live).toEqual([
      { type: 'thread.created', thread: { ...thread, myVote: undefined } },
      { type: 'thread.voted', vote: { threadId: thread.id, score: -1 } },
    ].map((e) => JSON.parse(JSON.stringify(e))));
    expect(JSON.stringify(live)).not.toContain('not-a-real-hash');
    expect(JSON.stringify(live)).not.toContain('myVote');
  });
});
