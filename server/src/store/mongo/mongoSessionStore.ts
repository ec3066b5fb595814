import { newId, nowIso } from '../ids';
import type { SessionRecord, SessionStore } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { SessionDoc } from './models/sessions';

const toRecord = (d: SessionDoc): SessionRecord => ({
  id: d._id,
  userId: d.userId,
  createdAt: d.createdAt,
  expiresAt: d.expiresAt,
  revokedAt: d.revokedAt,
});

export class MongoSessionStore implements SessionStore {
  private readonly sessions;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.sessions = models.sessions;
  }

  async create(input: { userId: string; expiresAt: string }): Promise<SessionRecord> {
    const record: SessionRecord = { id: newId(), userId: input.userId, createdAt: nowIso(), expiresAt: input.expiresAt, revokedAt: null };
    await this.sessions.create({
      _id: record.id,
      userId: record.userId,
      createdAt: record.createdAt,
      expiresAt: record.expiresAt,
      revokedAt: null,
    });
    return record;
  }

  async findById(id: string): Promise<SessionRecord | null> {
    const doc = await this.sessions.findById(id).lean();
    return doc ? toRecord(doc) : null;
  }

  async revoke(id: string, at: string): Promise<boolean> {
    // Only an unrevoked session is written, so the first revocation time stays (the lock keeps that true
    // for concurrent revokes on FerretDB, whose conditional updates are not atomic).
    return this.locks.run('sessions', id, async () => {
      const result = await this.sessions.updateOne({ _id: id, revokedAt: null }, { $set: { revokedAt: at } });
      if (result.matchedCount > 0) return true;
      return (await this.sessions.exists({ _id: id })) !== null;
    });
  }

  async revokeAllForUser(userId: string, at: string, exceptId?: string): Promise<string[]> {
    const live = await this.sessions.find({ userId, revokedAt: null, expiresAt: { $gt: at }, ...(exceptId ? { _id: { $ne: exceptId } } : {}) }, { _id: 1 }).lean();
    const revoked: string[] = [];
    // One at a time through revoke(): it keeps the first revocation time under concurrent revokes.
    for (const { _id } of live) if (await this.revoke(_id, at)) revoked.push(_id);
    return revoked;
  }

  async purgeExpired(now: string): Promise<number> {
    const result = await this.sessions.deleteMany({ expiresAt: { $lt: now } });
    return result.deletedCount;
  }
}
