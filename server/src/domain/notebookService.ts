import * as Y from 'yjs';
import {
  applyNotebookContent,
  initNotebookDoc,
  metaOf,
  META_TITLE,
  notebookDocName,
  notebookIdOf,
  notebookTitleSchema,
  readNotebook,
  type NotebookContent,
  type NotebookCreateInput,
  type NotebookDetailView,
  type NotebookMemberRoleInput,
  type NotebookRoleName,
  type NotebookUpdateInput,
  type NotebookView,
  type PublicUser,
  type VersionView,
} from '@cohort/shared';
import type { DocumentEvents } from '../documents/documentEvents';
import type { NotebookRecord, Store, VersionRecord } from '../store/ports';
import type { AuthorDirectory } from './authorDirectory';
import type { ContentEvents } from './contentEvents';
import { ConflictError, ForbiddenError, NotFoundError } from './errors';
import type { NotebookDocuments } from './notebookDocuments';
import type { NotebookEvents } from './notebookEvents';
import { notebookToMarkdown } from './notebookMarkdown';
import { mayManageNotebook, mayReadNotebook, mayWriteNotebook, notebookRole, ownsNotebook } from './policies';
import { presentNotebook, presentNotebookMember, presentVersion } from './presenters';

/** The content held in a stored state (a version, or a snapshot of the live document). */
export function contentOf(state: Uint8Array): NotebookContent {
  const doc = new Y.Doc({ gc: true });
  try {
    Y.applyUpdate(doc, state);
    return readNotebook(doc);
  } finally {
    doc.destroy();
  }
}

const defaultVersionLabel = (at: Date): string => `Version of ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/**
 * The rules of shared notebooks. Roles: the owner (one, the creator), editors and viewers. A private notebook
 * is read by its members only; a community notebook by everyone signed in (as a viewer unless a member).
 * Only the owner changes members, title and visibility; owner and editors write, save versions and restore.
 * The document itself lives behind `NotebookDocuments`, so every change reaches live editors as an edit.
 */
export class NotebookService {
  constructor(
    private readonly store: Store,
    private readonly authors: AuthorDirectory,
    private readonly content: ContentEvents,
    private readonly access: NotebookEvents,
    private readonly documents: NotebookDocuments,
  ) {}

  /** The caller's role on the notebook, or null when they may not read it (or it does not exist). */
  async roleOf(notebookId: string, userId: string): Promise<NotebookRoleName | null> {
    const notebook = await this.store.notebooks.findById(notebookId);
    return notebook ? this.roleIn(notebook, userId) : null;
  }

  async create(actor: PublicUser, input: NotebookCreateInput): Promise<NotebookView> {
    const record = await this.store.notebooks.create({ title: input.title, ownerId: actor.id, visibility: input.visibility });
    this.authors.remember(actor);
    await this.documents.edit(notebookDocName(record.id), (doc) => initNotebookDoc(doc, record.title));
    this.content.emit({ type: 'notebook', id: record.id });
    return presentNotebook(record, 'owner');
  }

  /** Every notebook the caller may read, most recently updated first. */
  async list(userId: string): Promise<NotebookView[]> {
    const records = await this.store.notebooks.listReadableBy(userId);
    const roles = await Promise.all(records.map((r) => this.roleIn(r, userId)));
    return records.flatMap((r, i) => {
      const role = roles[i]!;
      return mayReadNotebook(role) ? [presentNotebook(r, role)] : [];
    });
  }

  async get(userId: string, notebookId: string): Promise<NotebookDetailView> {
    const { notebook, role } = await this.readable(notebookId, userId);
    const members = await this.store.notebooks.listMembers(notebookId);
    const users = await this.authors.resolve(members.map((m) => m.userId));
    return {
      ...presentNotebook(notebook, role),
      members: members.map((m) => presentNotebookMember(m, users.get(m.userId)!)),
    };
  }

  /** Owner only. A new title is written into the document too (`meta.title`), as an edit live editors see. */
  async update(actor: PublicUser, notebookId: string, patch: NotebookUpdateInput): Promise<NotebookView> {
    const { notebook } = await this.owned(notebookId, actor.id);
    const changes: NotebookUpdateInput = {};
    if (patch.title !== undefined && patch.title !== notebook.title) changes.title = patch.title;
    if (patch.visibility !== undefined && patch.visibility !== notebook.visibility) changes.visibility = patch.visibility;
    if (Object.keys(changes).length === 0) return presentNotebook(notebook, 'owner');
    const updated = await this.store.notebooks.update(notebookId, changes);
    if (!updated) throw new NotFoundError('Notebook');
    if (changes.title !== undefined) {
      const title = changes.title;
      await this.documents.edit(notebookDocName(notebookId), (doc) => {
        if (metaOf(doc).get(META_TITLE) !== title) metaOf(doc).set(META_TITLE, title);
      });
      this.content.emit({ type: 'notebook', id: notebookId });
    }
    if (changes.visibility !== undefined) this.access.emit({ notebookId });
    return presentNotebook(updated, 'owner');
  }

  /** Owner only: makes `userId` an editor or viewer, or (`none`) removes them. Live connections follow at once. */
  async setMemberRole(actor: PublicUser, notebookId: string, userId: string, input: NotebookMemberRoleInput): Promise<{ userId: string; role: NotebookMemberRoleInput['role'] }> {
    const { notebook } = await this.owned(notebookId, actor.id);
    if (ownsNotebook(notebook, userId)) throw new ConflictError("The owner's role cannot be changed");
    if (!(await this.store.users.findById(userId))) throw new NotFoundError('User');
    const previous = await this.store.notebooks.getMember(notebookId, userId);
    if (input.role === 'none') await this.store.notebooks.removeMember(notebookId, userId);
    else await this.store.notebooks.upsertMember(notebookId, userId, input.role);
    const role = notebookRole(notebook, userId, input.role === 'none' ? null : { role: input.role });
    this.access.emit({ notebookId, userId, role, actorId: actor.id, previousRole: previous?.role ?? null });
    return { userId, role: input.role };
  }

  /** GET .../export?format=md */
  async exportMarkdown(userId: string, notebookId: string): Promise<{ title: string; markdown: string }> {
    const { notebook } = await this.readable(notebookId, userId);
    const content = contentOf(await this.documents.state(notebookDocName(notebookId)));
    return { title: content.title || notebook.title, markdown: notebookToMarkdown(content) };
  }

  async listVersions(userId: string, notebookId: string): Promise<VersionView[]> {
    await this.readable(notebookId, userId);
    return this.presentVersions(await this.store.versions.list(notebookId));
  }

  /** A named version of the current content; owner and editors. */
  async createVersion(actor: PublicUser, notebookId: string, label: string | undefined): Promise<VersionView> {
    await this.writable(notebookId, actor.id);
    const state = await this.documents.state(notebookDocName(notebookId));
    const record = await this.store.versions.create({ notebookId, label: label ?? defaultVersionLabel(new Date()), authorId: actor.id, auto: false, state });
    this.authors.remember(actor);
    return (await this.presentVersions([record]))[0]!;
  }

  /**
   * Keeps the books of the live documents: a change keeps the listing's title in step and re-indexes, an
   * automatic version that is due is stored. Returns the unsubscribe function.
   */
  followDocuments(events: DocumentEvents): () => void {
    return events.on((event) => {
      const notebookId = notebookIdOf(event.docName);
      if (!notebookId) return;
      if (event.type === 'document.changed') {
        const title = metaOf(event.doc).get(META_TITLE);
        event.waitUntil(this.documentChanged(notebookId, typeof title === 'string' ? title : ''));
      } else event.waitUntil(this.recordAutoVersion(notebookId, event.state));
    });
  }

  /** A version the server takes by itself while people edit (the document engine decides when). */
  private async recordAutoVersion(notebookId: string, state: Uint8Array): Promise<void> {
    if (!(await this.store.notebooks.findById(notebookId))) return;
    await this.store.versions.create({ notebookId, label: `Autosave ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`, authorId: null, auto: true, state });
  }

  /**
   * Restores a version as a new edit on the live document, so editors converge on it without reloading.
   * The state just before is kept first as a version of its own, so a restore can itself be undone.
   */
  async restoreVersion(actor: PublicUser, notebookId: string, versionId: string): Promise<{ restored: VersionView; previous: VersionView }> {
    const { notebook } = await this.writable(notebookId, actor.id);
    const version = await this.store.versions.findById(versionId);
    if (!version || version.notebookId !== notebookId) throw new NotFoundError('Version');
    const target = contentOf(version.state);
    let previous: VersionRecord | undefined;
    await this.documents.edit(notebookDocName(notebookId), (doc) => applyNotebookContent(doc, target), {
      beforeCommit: async (state) => {
        previous = await this.store.versions.create({ notebookId, label: `Before restoring "${version.label}"`.slice(0, 200), authorId: actor.id, auto: true, state });
      },
    });
    if (target.title && target.title !== notebook.title && notebookTitleSchema.safeParse(target.title).success) {
      await this.store.notebooks.update(notebookId, { title: target.title });
    }
    this.content.emit({ type: 'notebook', id: notebookId });
    const [restored, before] = await this.presentVersions([version, previous!]);
    return { restored: restored!, previous: before! };
  }

  /**
   * The live document changed (debounced by the document engine): keep the listing's title in step with
   * `meta.title` when it holds a valid title, and tell the semantic layer to re-index.
   */
  private async documentChanged(notebookId: string, title: string): Promise<void> {
    const notebook = await this.store.notebooks.findById(notebookId);
    if (!notebook) return;
    const parsed = notebookTitleSchema.safeParse(title);
    if (parsed.success && parsed.data !== notebook.title) await this.store.notebooks.update(notebookId, { title: parsed.data });
    this.content.emit({ type: 'notebook', id: notebookId });
  }

  private async roleIn(notebook: NotebookRecord, userId: string): Promise<NotebookRoleName | null> {
    const member = ownsNotebook(notebook, userId) ? null : await this.store.notebooks.getMember(notebook.id, userId);
    return notebookRole(notebook, userId, member);
  }

  /** A notebook the caller cannot read is reported as not found: its existence is not given away. */
  private async readable(notebookId: string, userId: string): Promise<{ notebook: NotebookRecord; role: NotebookRoleName }> {
    const notebook = await this.store.notebooks.findById(notebookId);
    const role = notebook ? await this.roleIn(notebook, userId) : null;
    if (!notebook || !mayReadNotebook(role)) throw new NotFoundError('Notebook');
    return { notebook, role };
  }

  private async writable(notebookId: string, userId: string): Promise<{ notebook: NotebookRecord; role: NotebookRoleName }> {
    const found = await this.readable(notebookId, userId);
    if (!mayWriteNotebook(found.role)) throw new ForbiddenError('Only the owner and editors may do that');
    return found;
  }

  private async owned(notebookId: string, userId: string): Promise<{ notebook: NotebookRecord }> {
    const found = await this.readable(notebookId, userId);
    if (!mayManageNotebook(found.role)) throw new ForbiddenError('Only the owner may do that');
    return found;
  }

  private async presentVersions(records: VersionRecord[]): Promise<VersionView[]> {
    const users = await this.authors.resolve(records.flatMap((r) => (r.authorId ? [r.authorId] : [])));
    return records.map((r) => presentVersion(r, r.authorId ? users.get(r.authorId)! : null));
  }
}
