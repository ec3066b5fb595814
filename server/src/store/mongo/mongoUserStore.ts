import { newId, nowIso } from '../ids';
import { nameKey, prefixRange } from '../namePrefix';
import { pageLimit } from '../pageLimit';
import { StoreConflictError, type NewUser, type UserRecord, type UserStore } from '../ports';
import type { MongoModels } from './models';
import type { UserDoc } from './models/users';
import { isDuplicateKey } from './mongoErrors';

export const toUserRecord = (d: UserDoc): UserRecord => ({
  id: d._id,
  username: d.username,
  displayName: d.displayName,
  passwordHash: d.passwordHash,
  createdAt: d.createdAt,
});

const keyOf = (username: string): string => username.toLowerCase();
const FILL_PAGE = 100;

export class MongoUserStore implements UserStore {
  private readonly users;

  constructor(models: MongoModels) {
    this.users = models.users;
  }

  async create(input: NewUser): Promise<UserRecord> {
    const record: UserRecord = { id: newId(), ...input, createdAt: nowIso() };
    try {
      await this.users.create({
        _id: record.id,
        username: record.username,
        usernameKey: keyOf(record.username),
        displayName: record.displayName,
        displayNameKey: nameKey(record.displayName),
        passwordHash: record.passwordHash,
        createdAt: record.createdAt,
      });
    } catch (err) {
      if (isDuplicateKey(err)) throw new StoreConflictError('username');
      throw err;
    }
    return record;
  }

  async findById(id: string): Promise<UserRecord | null> {
    const doc = await this.users.findById(id).lean();
    return doc ? toUserRecord(doc) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const doc = await this.users.findOne({ usernameKey: keyOf(username) }).lean();
    return doc ? toUserRecord(doc) : null;
  }

  async updatePasswordHash(id: string, passwordHash: string): Promise<boolean> {
    const result = await this.users.updateOne({ _id: id }, { $set: { passwordHash } });
    return result.matchedCount > 0;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.users.find({ _id: { $in: [...ids] } }).lean();
    return docs.map(toUserRecord);
  }

  async updateDisplayName(id: string, displayName: string): Promise<UserRecord | null> {
    // A single $set of the name and its key: a concurrent write to the same user can only be another display name.
    const doc = await this.users.findOneAndUpdate({ _id: id }, { $set: { displayName, displayNameKey: nameKey(displayName) } }, { new: true }).lean();
    return doc ? toUserRecord(doc) : null;
  }

  async searchByPrefix(prefix: string, limit: number): Promise<UserRecord[]> {
    const max = pageLimit(limit);
    const key = nameKey(prefix);
    if (key === '') return [];
    // A range, not $regex: index bounds on both keys, and no regex syntax to escape.
    const { from, to } = prefixRange(key);
    const found = await this.users.find({ usernameKey: { $gte: from, $lt: to } }).sort({ usernameKey: 1 }).limit(max).lean();
    if (found.length === max) return found.map(toUserRecord);
    // Every username match is in `found`, so dropping those from the first `max` display-name matches leaves
    // the first display-name-only ones.
    const seen = new Set(found.map((d) => d._id));
    const more = await this.users.find({ displayNameKey: { $gte: from, $lt: to } }).sort({ usernameKey: 1 }).limit(max).lean();
    return [...found, ...more.filter((d) => !seen.has(d._id))].slice(0, max).map(toUserRecord);
  }

  /**
   * Gives users stored before the people search their displayNameKey, a page at a time. Idempotent, and safe
   * beside other processes: a key is set only if the display name is still the one it was computed from.
   */
  async fillDisplayNameKeys(): Promise<void> {
    let afterId = '';
    for (;;) {
      const page = await this.users
        .find({ _id: { $gt: afterId }, displayNameKey: { $exists: false } }, { displayName: 1 })
        .sort({ _id: 1 })
        .limit(FILL_PAGE)
        .lean();
      if (page.length === 0) return;
      // One updateOne at a time, not bulkWrite: FerretDB 1.24 stops answering every client once it is sent an
      // update command of 100 statements (2 are fine).
      for (const doc of page) {
        await this.users.updateOne(
          { _id: doc._id, displayName: doc.displayName, displayNameKey: { $exists: false } },
          { $set: { displayNameKey: nameKey(doc.displayName) } },
        );
      }
      afterId = page[page.length - 1]!._id;
    }
  }
}
