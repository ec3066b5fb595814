import { newId, nowIso } from '../ids';
import { pageLimit } from '../pageLimit';
import type { NotebookMemberRecord, NotebookRecord, NotebookRole, NotebookStore, NotebookVisibility } from '../ports';
import type { SqliteDb } from './sqliteDatabase';

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
  private readonly insertNotebook;
  private readonly insertMember;
  private readonly byId;
  private readonly write;
  private readonly readableBy;
  private readonly idPage;
  private readonly upsertMemberStmt;
  private readonly deleteMember;
  private readonly memberOf;
  private readonly membersOf;
  private readonly createTx;
  private readonly updateTx;
  private readonly upsertMemberTx;

  constructor(db: SqliteDb) {
    this.insertNotebook = db.prepare<[string, string, string, NotebookVisibility, string, string]>(
      'INSERT INTO notebooks (id, title, owner_id, visibility, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertMember = db.prepare<[string, string, NotebookRole, string]>(
      'INSERT INTO notebook_members (notebook_id, user_id, role, added_at) VALUES (?, ?, ?, ?)',
    );
    this.byId = db.prepare<[string], NotebookRow>('SELECT * FROM notebooks WHERE id = ?');
    this.write = db.prepare<[string, NotebookVisibility, string, string]>(
      'UPDATE notebooks SET title = ?, visibility = ?, updated_at = ? WHERE id = ?',
    );
    this.readableBy = db.prepare<[string], NotebookRow>(
      `SELECT * FROM notebooks
        WHERE visibility = 'community' OR id IN (SELECT notebook_id FROM notebook_members WHERE user_id = ?)
        ORDER BY updated_at DESC, id DESC`,
    );
    this.idPage = db.prepare<[string, number], { id: string }>('SELECT id FROM notebooks WHERE id > ? ORDER BY id LIMIT ?');
    // Adding an existing member only changes the role; addedAt is kept.
    this.upsertMemberStmt = db.prepare<[string, string, NotebookRole, string]>(
      `INSERT INTO notebook_members (notebook_id, user_id, role, added_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (notebook_id, user_id) DO UPDATE SET role = excluded.role`,
    );
    this.deleteMember = db.prepare<[string, string]>('DELETE FROM notebook_members WHERE notebook_id = ? AND user_id = ?');
    this.memberOf = db.prepare<[string, string], MemberRow>('SELECT * FROM notebook_members WHERE notebook_id = ? AND user_id = ?');
    // rowid breaks ties between members added in the same millisecond: insertion order.
    this.membersOf = db.prepare<[string], MemberRow>('SELECT * FROM notebook_members WHERE notebook_id = ? ORDER BY added_at, rowid');

    this.createTx = db.transaction((notebook: NotebookRecord): void => {
      this.insertNotebook.run(notebook.id, notebook.title, notebook.ownerId, notebook.visibility, notebook.createdAt, notebook.updatedAt);
      this.insertMember.run(notebook.id, notebook.ownerId, 'owner', notebook.createdAt);
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
    this.upsertMemberTx = db.transaction((notebookId: string, userId: string, role: NotebookRole): MemberRow => {
      this.upsertMemberStmt.run(notebookId, userId, role, nowIso());
      return this.memberOf.get(notebookId, userId)!;
    });
  }

  async create(input: { title: string; ownerId: string; visibility: NotebookVisibility }): Promise<NotebookRecord> {
    const now = nowIso();
    const notebook: NotebookRecord = {
      id: newId(),
      title: input.title,
      ownerId: input.ownerId,
      visibility: input.visibility,
      createdAt: now,
      updatedAt: now,
    };
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
    return this.idPage.all(page.afterId ?? '', pageLimit(page.limit)).map((r) => r.id);
  }

  async upsertMember(notebookId: string, userId: string, role: NotebookRole): Promise<NotebookMemberRecord> {
    return toMember(this.upsertMemberTx.immediate(notebookId, userId, role));
  }

  async removeMember(notebookId: string, userId: string): Promise<boolean> {
    return this.deleteMember.run(notebookId, userId).changes > 0;
  }

  async getMember(notebookId: string, userId: string): Promise<NotebookMemberRecord | null> {
    const row = this.memberOf.get(notebookId, userId);
    return row ? toMember(row) : null;
  }

  async listMembers(notebookId: string): Promise<NotebookMemberRecord[]> {
    return this.membersOf.all(notebookId).map(toMember);
  }
}
