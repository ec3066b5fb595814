import { describeEachStore } from '../helpers/storeCases';
import { ISO_TIME, makeUser } from './fixtures';

const HOUR = 3600_000;
const at = (ms: number): string => new Date(ms).toISOString();

describeEachStore('SessionStore', (ctx) => {
  it('creates a live session for a user', async () => {
    const user = await makeUser(ctx.store);
    const expiresAt = at(Date.now() + 24 * HOUR);
    const session = await ctx.store.sessions.create({ userId: user.id, expiresAt });
    expect(typeof session.id).toBe('string');
    expect(session.id.length).toBeGreaterThan(0);
    expect(session).toMatchObject({ userId: user.id, expiresAt, revokedAt: null });
    expect(session.createdAt).toMatch(ISO_TIME);
    expect(await ctx.store.sessions.findById(session.id)).toEqual(session);
  });

  it('gives sessions distinct ids, several per user', async () => {
    const user = await makeUser(ctx.store);
    const a = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    const b = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    expect(a.id).not.toBe(b.id);
    expect(await ctx.store.sessions.findById(a.id)).toEqual(a);
    expect(await ctx.store.sessions.findById(b.id)).toEqual(b);
  });

  it('returns null for an unknown session', async () => {
    expect(await ctx.store.sessions.findById('no-such-session')).toBeNull();
  });

  it('revokes a session; a second revoke keeps the first time', async () => {
    const user = await makeUser(ctx.store);
    const session = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    const first = at(Date.now());
    expect(await ctx.store.sessions.revoke(session.id, first)).toBe(true);
    expect(await ctx.store.sessions.findById(session.id)).toEqual({ ...session, revokedAt: first });

    const second = at(Date.now() + 5000);
    expect(await ctx.store.sessions.revoke(session.id, second)).toBe(true);
    expect((await ctx.store.sessions.findById(session.id))?.revokedAt).toBe(first);
  });

  it('revoking an unknown session returns false', async () => {
    expect(await ctx.store.sessions.revoke('no-such-session', at(Date.now()))).toBe(false);
  });

  it('revoking one session leaves the others alone', async () => {
    const user = await makeUser(ctx.store);
    const a = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    const b = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    await ctx.store.sessions.revoke(a.id, at(Date.now()));
    expect((await ctx.store.sessions.findById(b.id))?.revokedAt).toBeNull();
  });

  it('purgeExpired deletes only sessions that expired before now and counts them', async () => {
    const user = await makeUser(ctx.store);
    const now = Date.parse('2030-06-01T12:00:00.000Z');
    const old1 = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now - 2 * HOUR) });
    const old2 = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now - 1) });
    const revokedOld = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now - HOUR) });
    await ctx.store.sessions.revoke(revokedOld.id, at(now - 3 * HOUR));
    const exact = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now) });
    const live = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now + HOUR) });

    expect(await ctx.store.sessions.purgeExpired(at(now))).toBe(3);
    expect(await ctx.store.sessions.findById(old1.id)).toBeNull();
    expect(await ctx.store.sessions.findById(old2.id)).toBeNull();
    expect(await ctx.store.sessions.findById(revokedOld.id)).toBeNull();
    expect(await ctx.store.sessions.findById(exact.id)).toEqual(exact);
    expect(await ctx.store.sessions.findById(live.id)).toEqual(live);

    expect(await ctx.store.sessions.purgeExpired(at(now))).toBe(0);
  });

  it('keeps sessions across a restart', async () => {
    const user = await makeUser(ctx.store);
    const session = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(Date.now() + HOUR) });
    const revokedAt = at(Date.now());
    await ctx.store.sessions.revoke(session.id, revokedAt);
    const store = await ctx.reopen();
    expect(await store.sessions.findById(session.id)).toEqual({ ...session, revokedAt });
  });

  it('revokeAllForUser ends every live session of the user but the one kept, and says which', async () => {
    const user = await makeUser(ctx.store);
    const other = await makeUser(ctx.store);
    const now = Date.now();
    const keep = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now + HOUR) });
    const a = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now + HOUR) });
    const b = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now + 2 * HOUR) });
    const already = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now + HOUR) });
    const earlier = at(now - 1000);
    await ctx.store.sessions.revoke(already.id, earlier);
    const expired = await ctx.store.sessions.create({ userId: user.id, expiresAt: at(now - HOUR) });
    const theirs = await ctx.store.sessions.create({ userId: other.id, expiresAt: at(now + HOUR) });

    const revokedAt = at(now);
    expect((await ctx.store.sessions.revokeAllForUser(user.id, revokedAt, keep.id)).sort()).toEqual([a.id, b.id].sort());
    expect((await ctx.store.sessions.findById(a.id))?.revokedAt).toBe(revokedAt);
    expect((await ctx.store.sessions.findById(b.id))?.revokedAt).toBe(revokedAt);
    expect(await ctx.store.sessions.findById(keep.id)).toEqual(keep);
    expect((await ctx.store.sessions.findById(already.id))?.revokedAt).toBe(earlier);
    expect(await ctx.store.sessions.findById(expired.id)).toEqual(expired);
    expect(await ctx.store.sessions.findById(theirs.id)).toEqual(theirs);
    // Nothing left to end; without an exception every live one goes.
    expect(await ctx.store.sessions.revokeAllForUser(user.id, revokedAt, keep.id)).toEqual([]);
    expect(await ctx.store.sessions.revokeAllForUser(user.id, revokedAt)).toEqual([keep.id]);
  });

  it('probeWrite commits a write while the store can write', async () => {
    await ctx.store.probeWrite();
    await ctx.store.probeWrite();
  });
});
