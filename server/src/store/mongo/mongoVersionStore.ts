import type { VersionRecord, VersionStore } from '../ports';
import type { MongoModels } from './models';
import type { VersionDoc } from './models/versions';
import { bytesOf, toBuffer } from './mongoBytes';
import { newVersionRecord } from '../newRecords';

const toRecord = (d: Omit<VersionDoc, 'state'>): VersionRecord => ({
  id: d._id,
  notebookId: d.notebookId,
  label: d.label,
  authorId: d.authorId,
  auto: d.auto,
  createdAt: d.createdAt,
});

export class MongoVersionStore implements VersionStore {
  private readonly versions;

  constructor(models: MongoModels) {
    this.versions = models.versions;
  }

  async create(input: { notebookId: string; label: string; authorId: string | null; auto: boolean; state: Uint8Array }): Promise<VersionRecord> {
    const record = newVersionRecord(input);
    const { id, ...fields } = record;
    await this.versions.create({ _id: id, ...fields, state: toBuffer(input.state) });
    return record;
  }

  async list(notebookId: string): Promise<VersionRecord[]> {
    // The state is left out of listings: only findById needs it.
    const docs = await this.versions.find({ notebookId }, { state: 0 }).sort({ createdAt: -1, _id: -1 }).lean();
    return docs.map(toRecord);
  }

  async findById(id: string): Promise<(VersionRecord & { state: Uint8Array }) | null> {
    const doc = await this.versions.findById(id).lean();
    return doc ? { ...toRecord(doc), state: bytesOf(doc.state) } : null;
  }
}
