import { nowIso } from '../ids';
import { newNotebookRecord } from '../newRecords';
import type { NotebookMemberRecord, NotebookRecord, NotebookRole, NotebookStore, NotebookVisibility } from '../ports';
import type { SqliteDb } from './sqliteDatabase';
import { prepareIdPage } from './sqliteIdPage';
import { SqliteMembers } from './sqliteMembers';

interface NotebookRow {
  id: string;
  title: string;
  owner_id: string;
  visibility: NotebookVisibility;
  created_at: string;
  updated_at: string;
}

interface MemberRow {
  notebook_id: string;
  user_id: string;
  role: NotebookRole;
  added_at: string;
}

const toNotebook = (r: NotebookRow): NotebookRecord => ({
  id: r.id,
  title: r.title,
  ownerId: r.owner_id,
  visibility: r.visibility,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toMember = (r: MemberRow): NotebookMemberRecord => ({
  notebookId: r.notebook_id,
  userId: r.user_id,
  role: r.role,
  addedAt: r.added_at,
});

export class SqliteNotebookStore implements NotebookStore {
  private readonly members;
  private readonly insertNotebook;
  private readonly byId;
  private readonly write;
  private readonly readableBy;
  private readonly idPage;
  private readonly createTx;
  private readonly updateTx;

  constructor(db: SqliteDb) {
    this.members = new SqliteMembers<MemberRow, NotebookMemberRecord, NotebookRole>(
      db,
      { table: 'notebook_members', parent: 'notebook_id', since: 'added_at' },
      toMember,
    );
    this.insertNotebook = db.prepare<[string, string, string, NotebookVisibility, string, string]>(
      'INSERT INTO notebooks (id, title, owner_id, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.byId = db.prepare<[string], NotebookRow>('SELECT * FROM notebooks WHERE id = ?');
    this.write = db.prepare<[string, NotebookVisibility, string, string]>(
      'UPDATE notebooks SET title = ?, visibility = ?, updated_at = ? WHERE id = ?',
    );
    this.readableBy = db.prepare<[string], NotebookRow>(
      `SELECT * FROM notebooks
        WHERE visibility = 'community' OR id IN (${this.members.parentIdsOfUser})
        ORDER BY updated_at DESC, id DESC`,
    );
    this.idPage = prepareIdPage(db, 'notebooks');

    this.createTx = db.transaction((notebook: NotebookRecord): void => {
      this.insertNotebook.run(notebook.id, notebook.title, notebook.ownerId, notebook.visibility, notebook.createdAt, notebook.updatedAt);
      this.members.addOwner(notebook.id, notebook.ownerId, notebook.createdAt);
    });
    this.updateTx = db.transaction((id: string, patch: { title?: string; visibility?: NotebookVisibility }): NotebookRecord | null => {
      const row = this.byId.get(id);
      if (!row) return null;
      const current = toNotebook(row);
      const next: NotebookRecord = {
        ...current,
        title: patch.title ?? current.title,
        visibility: patch.visibility ?? current.visibility,
        updatedAt: nowIso(),
      };
      this.write.run(next.title, next.visibility, next.updatedAt, id);
      return next;
    });
  }

  async create(input: { title: string; ownerId: string; visibility: NotebookVisibility }): Promise<NotebookRecord> {
    const notebook = newNotebookRecord(input);
    this.createTx.immediate(notebook);
    return notebook;
  }

  async findById(id: string): Promise<NotebookRecord | null> {
    const row = this.byId.get(id);
    return row ? toNotebook(row) : null;
  }

  async update(id: string, patch: { title?: string; visibility?: NotebookVisibility }): Promise<NotebookRecord | null> {
    return this.updateTx.immediate(id, patch);
  }

  async listReadableBy(userId: string): Promise<NotebookRecord[]> {
    return this.readableBy.all(userId).map(toNotebook);
  }

  async listIds(page: { afterId?: string; limit: number }): Promise<string[]> {
    return this.idPage(page);
  }

  async upsertMember(notebookId: string, userId: string, role: NotebookRole): Promise<NotebookMemberRecord> {
    return this.members.upsert(notebookId, userId, role);
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
