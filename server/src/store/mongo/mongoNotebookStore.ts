import { newId, nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import type { NotebookMemberRecord, NotebookRecord, NotebookRole, NotebookStore, NotebookVisibility } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { NotebookMemberDoc } from './models/notebookMembers';
import type { NotebookDoc } from './models/notebooks';
import { updateElseInsert } from './mongoUpsert';

const toNotebook = (d: NotebookDoc): NotebookRecord => ({
  id: d._id,
  title: d.title,
  ownerId: d.ownerId,
  visibility: d.visibility,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const toMember = (d: NotebookMemberDoc): NotebookMemberRecord => ({
  notebookId: d.notebookId,
  userId: d.userId,
  role: d.role,
  addedAt: d.addedAt,
});

export class MongoNotebookStore implements NotebookStore {
  private readonly notebooks;
  private readonly members;

  constructor(
    models: MongoModels,
    private readonly locks: DocumentLocks,
  ) {
    this.notebooks = models.notebooks;
    this.members = models.notebookMembers;
  }

  async create(input: { title: string; ownerId: string; visibility: NotebookVisibility }): Promise<NotebookRecord> {
    const now = nowIso();
    const notebook: NotebookRecord = { id: newId(), ...input, createdAt: now, updatedAt: now };
    const { id, ...fields } = notebook;
    await this.notebooks.create({ _id: id, ...fields });
    // No multi-document transactions on FerretDB: the notebook first, then its owner; without an owner the
    // notebook is taken back.
    try {
      await this.members.create({ _id: newId(), notebookId: id, userId: input.ownerId, role: 'owner', addedAt: now });
    } catch (err) {
      await this.notebooks.deleteOne({ _id: id }).catch(() => undefined);
      throw err;
    }
    return notebook;
  }

  async findById(id: string): Promise<NotebookRecord | null> {
    const doc = await this.notebooks.findById(id).lean();
    return doc ? toNotebook(doc) : null;
  }

  async update(id: string, patch: { title?: string; visibility?: NotebookVisibility }): Promise<NotebookRecord | null> {
    const set: { title?: string; visibility?: NotebookVisibility; updatedAt: string } = { updatedAt: nowIso() };
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.visibility !== undefined) set.visibility = patch.visibility;
    return this.locks.run('notebooks', id, async () => {
      const doc = await this.notebooks.findOneAndUpdate({ _id: id }, { $set: set }, { new: true }).lean();
      return doc ? toNotebook(doc) : null;
    });
  }

  async listReadableBy(userId: string): Promise<NotebookRecord[]> {
    const memberships = await this.members.find({ userId }, { notebookId: 1 }).lean();
    const docs = await this.notebooks
      .find({ $or: [{ visibility: 'community' }, { _id: { $in: memberships.map((m) => m.notebookId) } }] })
      .sort({ updatedAt: -1, _id: -1 })
      .lean();
    return docs.map(toNotebook);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    const limit = pageLimit(page.limit);
    const filter = page.afterId === undefined ? {} : { _id: { $gt: page.afterId } };
    const docs = await this.notebooks.find(filter, { _id: 1 }).sort({ _id: 1 }).limit(limit).lean();
    return docs.map((d) => d._id);
  }

  async upsertMember(notebookId: string, userId: string, role: NotebookRole): Promise<NotebookMemberRecord> {
    // Adding an existing member only changes the role; addedAt is kept.
    return this.locks.run('notebookMembers', `${notebookId}\u0000${userId}`, () =>
      updateElseInsert(
        'notebook member',
        async () => {
          const doc = await this.members.findOneAndUpdate({ notebookId, userId }, { $set: { role } }, { new: true }).lean();
          return doc ? toMember(doc) : null;
        },
        async () => {
          const member: NotebookMemberRecord = { notebookId, userId, role, addedAt: nowIso() };
          await this.members.create({ _id: newId(), ...member });
          return member;
        },
      ),
    );
  }

  async removeMember(notebookId: string, userId: string): Promise<boolean> {
    const result = await this.members.deleteOne({ notebookId, userId });
    return result.deletedCount > 0;
  }

  async getMember(notebookId: string, userId: string): Promise<NotebookMemberRecord | null> {
    const doc = await this.members.findOne({ notebookId, userId }).lean();
    return doc ? toMember(doc) : null;
  }

  async listMembers(notebookId: string): Promise<NotebookMemberRecord[]> {
    // _id breaks addedAt ties: ids are time-ordered, so that is insertion order.
    const docs = await this.members.find({ notebookId }).sort({ addedAt: 1, _id: 1 }).lean();
    return docs.map(toMember);
  }
}
