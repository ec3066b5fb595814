import { nowIso } from '../ids';
import { newNotebookRecord } from '../newRecords';
import type { NotebookMemberRecord, NotebookRecord, NotebookRole, NotebookStore, NotebookVisibility } from '../ports';
import type { DocumentLocks } from './documentLocks';
import type { MongoModels } from './models';
import type { NotebookMemberDoc } from './models/notebookMembers';
import type { NotebookDoc } from './models/notebooks';
import { idPage } from './mongoIdPage';
import { MongoMembers } from './mongoMembers';

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
    this.members = new MongoMembers<NotebookMemberRecord, NotebookRole>(
      models.notebookMembers,
      locks,
      { collection: 'notebookMembers', parent: 'notebookId', since: 'addedAt', conflictKey: 'notebook member' },
      toMember,
    );
  }

  async create(input: { title: string; ownerId: string; visibility: NotebookVisibility }): Promise<NotebookRecord> {
    const notebook = newNotebookRecord(input);
    const { id, ...fields } = notebook;
    await this.members.createWithOwner(
      { notebookId: id, userId: notebook.ownerId, role: 'owner', addedAt: notebook.createdAt },
      () => this.notebooks.create({ _id: id, ...fields }),
      () => this.notebooks.deleteOne({ _id: id }),
    );
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
    const notebookIds = await this.members.parentIdsOf(userId);
    const docs = await this.notebooks
      .find({ $or: [{ visibility: 'community' }, { _id: { $in: notebookIds } }] })
      .sort({ updatedAt: -1, _id: -1 })
      .lean();
    return docs.map(toNotebook);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    return idPage(this.notebooks, page);
  }

  async upsertMember(notebookId: string, userId: string, role: NotebookRole): Promise<NotebookMemberRecord> {
    return this.members.upsert(notebookId, userId, role, () => ({ notebookId, userId, role, addedAt: nowIso() }));
  }

  async removeMember(notebookId: string, userId: string): Promise<boolean> {
    return this.members.remove(notebookId, userId);
  }

  async getMember(notebookId: string, userId: string): Promise<NotebookMemberRecord | null> {
    return this.members.get(notebookId, userId);
  }

  async listMembers(notebookId: string): Promise<NotebookMemberRecord[]> {
    return this.members.listOf(notebookId);
  }
}
