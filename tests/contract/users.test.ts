import Database from 'better-sqlite3';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { StoreConflictError } from '../../server/src/store/ports';
import { migrations } from '../../server/src/store/sqlite/migrations';
import { openSqliteStore } from '../../server/src/store/sqlite/sqliteStore';
import { describeEachStore } from '../helpers/storeCases';
import { tempDir } from '../helpers/tempDir';
import { ISO_TIME, makeUser, makeUsers, sorted } from './fixtures';

describeEachStore('UserStore', (ctx) => {
  it('creates a user and returns the full record', async () => {
    const user = await ctx.store.users.create({ username: 'alice', displayName: 'Alice Li', passwordHash: 'scrypt$abc' });
    expect(typeof user.id).toBe('string');
    expect(user.id.length).toBeGreaterThan(0);
    expect(user).toMatchObject({ username: 'alice', displayName: 'Alice Li', passwordHash: 'scrypt$abc' });
    expect(user.createdAt).toMatch(ISO_TIME);
  });

  it('finds a user by id and by username', async () => {
    const created = await ctx.store.users.create({ username: 'bob.founder', displayName: '鲍勃', passwordHash: 'h1' });
    expect(await ctx.store.users.findById(created.id)).toEqual(created);
    expect(await ctx.store.users.findByUsername('bob.founder')).toEqual(created);
  });

  it('returns null for an unknown id or username', async () => {
    await ctx.store.users.create({ username: 'carol', displayName: 'Carol', passwordHash: 'h' });
    expect(await ctx.store.users.findById('no-such-id')).toBeNull();
    expect(await ctx.store.users.findByUsername('nobody')).toBeNull();
  });

  it('gives every user a distinct id', async () => {
    const users = await makeUsers(ctx.store, 10);
    expect(new Set(users.map((u) => u.id)).size).toBe(10);
  });

  it('rejects a taken username with StoreConflictError and leaves the first user unchanged', async () => {
    const first = await ctx.store.users.create({ username: 'dave', displayName: 'Dave', passwordHash: 'h1' });
    const attempt = ctx.store.users.create({ username: 'dave', displayName: 'Impostor', passwordHash: 'h2' });
    await expect(attempt).rejects.toBeInstanceOf(StoreConflictError);
    await expect(attempt).rejects.toMatchObject({ name: 'StoreConflictError' });
    expect(await ctx.store.users.findByUsername('dave')).toEqual(first);
  });

  it('treats usernames differing only in case as the same username', async () => {
    await ctx.store.users.create({ username: 'alice', displayName: 'Alice', passwordHash: 'h' });
    await expect(ctx.store.users.create({ username: 'Alice', displayName: 'Other Alice', passwordHash: 'h' })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
    await ctx.store.users.create({ username: 'ERIN', displayName: 'Erin', passwordHash: 'h' });
    await expect(ctx.store.users.create({ username: 'erin', displayName: 'erin', passwordHash: 'h' })).rejects.toBeInstanceOf(
      StoreConflictError,
    );
  });

  it('lets exactly one of several concurrent creates of the same username win', async () => {
    const results = await Promise.allSettled(
      Array.from({ length: 5 }, (_, i) => ctx.store.users.create({ username: 'race', displayName: `Racer ${i}`, passwordHash: 'h' })),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(4);
    for (const r of lost) expect(r.reason).toBeInstanceOf(StoreConflictError);
    const stored = await ctx.store.users.findByUsername('race');
    expect(stored?.id).toBe((won[0] as PromiseFulfilledResult<{ id: string }>).value.id);
  });

  it('findManyByIds returns the known users and leaves unknown ids out', async () => {
    const [a, b, c] = await makeUsers(ctx.store, 3);
    const found = await ctx.store.users.findManyByIds([c!.id, 'missing-1', a!.id, 'missing-2']);
    expect(sorted(found.map((u) => u.id))).toEqual(sorted([a!.id, c!.id]));
    expect(found.find((u) => u.id === a!.id)).toEqual(a);
    expect(found.some((u) => u.id === b!.id)).toBe(false);
  });

  it('findManyByIds of no ids is empty', async () => {
    await makeUsers(ctx.store, 2);
    expect(await ctx.store.users.findManyByIds([])).toEqual([]);
  });

  it('updateDisplayName changes only the display name and persists it', async () => {
    const user = await ctx.store.users.create({ username: 'frank', displayName: 'Frank', passwordHash: 'h' });
    const updated = await ctx.store.users.updateDisplayName(user.id, '弗兰克 🚀');
    expect(updated).toEqual({ ...user, displayName: '弗兰克 🚀' });
    expect(await ctx.store.users.findById(user.id)).toEqual(updated);
    expect(await ctx.store.users.findByUsername('frank')).toEqual(updated);
  });

  it('updatePasswordHash replaces the hash, persists it, and is false for an unknown user', async () => {
    const user = await makeUser(ctx.store);
    expect(await ctx.store.users.updatePasswordHash(user.id, 'new-hash')).toBe(true);
    expect(await ctx.store.users.findById(user.id)).toEqual({ ...user, passwordHash: 'new-hash' });
    expect((await (await ctx.reopen()).users.findByUsername(user.username))?.passwordHash).toBe('new-hash');
    expect(await ctx.store.users.updatePasswordHash('no-such-user', 'x')).toBe(false);
  });

  it('updateDisplayName of an unknown user returns null', async () => {
    expect(await ctx.store.users.updateDisplayName('no-such-id', 'X')).toBeNull();
  });

  describe('searchByPrefix', () => {
    const add = (username: string, displayName: string) => ctx.store.users.create({ username, displayName, passwordHash: 'h' });
    const search = async (prefix: string, limit = 20) => (await ctx.store.users.searchByPrefix(prefix, limit)).map((u) => u.username);

    it('finds usernames starting with the prefix, the exact one first, then by username, up to the limit', async () => {
      for (const name of ['annette', 'bob', 'anna_k', 'ann', 'anders', 'xann']) await add(name, 'Someone');
      expect(await search('ann')).toEqual(['ann', 'anna_k', 'annette']);
      expect(await search('an')).toEqual(['anders', 'ann', 'anna_k', 'annette']);
      expect(await search('ann', 2)).toEqual(['ann', 'anna_k']);
      expect(await search('ANN')).toEqual(['ann', 'anna_k', 'annette']);
      expect(await search('annette')).toEqual(['annette']);
    });

    it('answers full user records', async () => {
      const ann = await add('ann', 'Ann');
      expect(await ctx.store.users.searchByPrefix('an', 5)).toEqual([ann]);
    });

    it('finds display names by prefix, ignoring case, Chinese included; username matches come first', async () => {
      await add('wxm', '王小明');
      await add('wxh', '王小红');
      await add('elodie', 'Élodie Lee');
      await add('aaron', 'Ann Smith');
      await add('ann', 'Ann');
      await add('annabel', 'Bel');
      expect(await search('王')).toEqual(['wxh', 'wxm']);
      expect(await search('王小明')).toEqual(['wxm']);
      expect(await search('小明')).toEqual([]);
      expect(await search('ÉLO')).toEqual(['elodie']);
      expect(await search('élodie l')).toEqual(['elodie']);
      // Full-width letters (an IME's) are the same letters.
      expect(await search('ＡＮＮ')).toEqual(['ann', 'annabel', 'aaron']);
      // 'aaron' matches by display name only: after every username match, even though it sorts first; 'ann' matches both ways, once.
      expect(await search('ann')).toEqual(['ann', 'annabel', 'aaron']);
      expect(await search('ann', 2)).toEqual(['ann', 'annabel']);
    });

    it('treats every character of the prefix literally', async () => {
      for (const [username, displayName] of [
        ['a.b', 'Dot'],
        ['axb', 'X'],
        ['a_b', 'Under'],
        ['a-b', 'Dash'],
        ['percent', '50% off'],
        ['paren', '(beta) team'],
        ['star', 'x*y'],
        ['plain', 'xxy'],
        ['back', 'a\\b'],
      ] as const) {
        await add(username, displayName);
      }
      expect(await search('a.')).toEqual(['a.b']);
      expect(await search('a_')).toEqual(['a_b']);
      expect(await search('a%')).toEqual([]);
      expect(await search('%')).toEqual([]);
      expect(await search('50%')).toEqual(['percent']);
      expect(await search('(')).toEqual(['paren']);
      expect(await search('x*')).toEqual(['star']);
      expect(await search('.*')).toEqual([]);
      expect(await search('^a')).toEqual([]);
      expect(await search('a\\')).toEqual(['back']);
      expect(await search('[a')).toEqual([]);
    });

    it('finds nobody for no match or an empty prefix', async () => {
      await add('alice', 'Alice');
      expect(await search('zz')).toEqual([]);
      expect(await search('')).toEqual([]);
      expect(await search('alicex')).toEqual([]);
    });

    it('follows a changed display name, also after a restart', async () => {
      const user = await add('frank', 'Frank');
      await ctx.store.users.updateDisplayName(user.id, '弗兰克');
      expect(await search('fr')).toEqual(['frank']);
      expect(await search('弗')).toEqual(['frank']);
      const store = await ctx.reopen();
      expect((await store.users.searchByPrefix('弗兰', 5)).map((u) => u.id)).toEqual([user.id]);
    });

    it('rejects a limit that is not a positive integer', async () => {
      await add('alice', 'Alice');
      for (const limit of [0, -1, 2.5, Number.NaN]) {
        await expect(ctx.store.users.searchByPrefix('a', limit)).rejects.toThrow(RangeError);
      }
    });
  });

  it('keeps users across a restart', async () => {
    const user = await ctx.store.users.create({ username: 'grace', displayName: '格蕾丝', passwordHash: 'h' });
    const store = await ctx.reopen();
    expect(await store.users.findById(user.id)).toEqual(user);
    await expect(store.users.create({ username: 'grace', displayName: 'again', passwordHash: 'h' })).rejects.toBeInstanceOf(StoreConflictError);
  });
});

// Not a contract case: each adapter upgrades its own way. Users stored before display names were searchable
// must be found by display name once the upgraded store opens.
describe('UserStore.searchByPrefix over users stored before it existed', () => {
  it('[sqlite] migration 2 gives them their display name key', async () => {
    const dataDir = tempDir();
    try {
      const old = new Database(path.join(dataDir, 'cohort.db'));
      old.exec(migrations.find((m) => m.version === 1)!.sql);
      old.pragma('user_version = 1');
      old.prepare('INSERT INTO users (id, username, display_name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run('u1', 'elodie', 'Élodie 王', 'h', new Date().toISOString());
      old.close();
      const store = openSqliteStore({ dataDir });
      const found = await store.users.searchByPrefix('éLO', 5).finally(() => store.close());
      expect(found.map((u) => u.id)).toEqual(['u1']);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  const mongoUri = process.env.MONGODB_URI;
  if (mongoUri) {
    it('[mongo] opening the store gives them their displayNameKey', async () => {
      const { openMongoStore, dropMongoDatabase } = await import('../../server/src/store/mongo/mongoStore');
      const { default: mongoose } = await import('mongoose');
      const dbName = `cohort_test_${randomBytes(6).toString('hex')}`;
      try {
        const before = await openMongoStore({ uri: mongoUri, dbName });
        const user = await before.users.create({ username: 'elodie', displayName: 'Élodie 王', passwordHash: 'h' }).finally(() => before.close());
        // More users than one page of the fill (100), stored the old way; `old-99` comes last in _id order.
        const others = Array.from({ length: 130 }, (_, i) => ({
          _id: `old-${i}`, username: `old${i}`, usernameKey: `old${i}`, displayName: `Ｏld Timer ${i}`, passwordHash: 'h', createdAt: new Date().toISOString(),
        }));
        const raw = mongoose.createConnection(mongoUri, { dbName });
        try {
          await raw.asPromise();
          await raw.collection('users').insertMany(others as never[]);
          await raw.collection('users').updateMany({}, { $unset: { displayNameKey: '' } });
        } finally {
          await raw.close();
        }
        const after = await openMongoStore({ uri: mongoUri, dbName });
        const found = await Promise.all([after.users.searchByPrefix('éLO', 5), after.users.searchByPrefix('old timer 99', 5)]).finally(() => after.close());
        expect(found.map((users) => users.map((u) => u.id))).toEqual([[user.id], ['old-99']]);
      } finally {
        await dropMongoDatabase(mongoUri, dbName);
      }
    });
  }
});
