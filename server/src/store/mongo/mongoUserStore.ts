import { newId, nowIso } from '../ids';
import { StoreConflictError, type NewUser, type UserRecord, type UserStore } from '../ports';
import type { MongoModels } from './models';
import type { UserDoc } from './models/users';
import { isDuplicateKey } from './mongoErrors';

const toRecord = (d: UserDoc): UserRecord => ({
  id: d._id,
  username: d.username,
  displayName: d.displayName,
  passwordHash: d.passwordHash,
  createdAt: d.createdAt,
});

const keyOf = (username: string): string => username.toLowerCase();

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
    return doc ? toRecord(doc) : null;
  }

  async findByUsername(username: string): Promise<UserRecord | null> {
    const doc = await this.users.findOne({ usernameKey: keyOf(username) }).lean();
    return doc ? toRecord(doc) : null;
  }

  async findManyByIds(ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const docs = await this.users.find({ _id: { $in: [...ids] } }).lean();
    return docs.map(toRecord);
  }

  async updateDisplayName(id: string, displayName: string): Promise<UserRecord | null> {
    // A single $set of one field: a concurrent write to the same user can only be another display name.
    const doc = await this.users.findOneAndUpdate({ _id: id }, { $set: { displayName } }, { new: true }).lean();
    return doc ? toRecord(doc) : null;
  }
}
