import type { NotebookRoleName } from '@cohort/shared';
import type { NotebookMemberRecord, NotebookRecord } from '../../store/ports';

/** What a notebook's access depends on. */
export type NotebookAccess = Pick<NotebookRecord, 'ownerId' | 'visibility'>;

/** A user's membership of a notebook as the rules see it: its role, or null for a non-member. */
export type NotebookMembership = Pick<NotebookMemberRecord, 'role'> | null;

/** The creator owns the notebook; their role needs no membership, so callers may skip reading it. */
export const ownsNotebook = (notebook: Pick<NotebookRecord, 'ownerId'>, userId: string): boolean => notebook.ownerId === userId;

/**
 * The user's role on the notebook: owner, their member role, viewer of a community notebook, or null (no
 * access at all; a private notebook is read by its members only).
 */
export function notebookRole(notebook: NotebookAccess, userId: string, member: NotebookMembership): NotebookRoleName | null {
  if (ownsNotebook(notebook, userId)) return 'owner';
  if (member) return member.role;
  return notebook.visibility === 'community' ? 'viewer' : null;
}

/** Any role reads: the content, its export, its versions, live over the Yjs endpoint. */
export const mayReadNotebook = (role: NotebookRoleName | null): role is NotebookRoleName => role !== null;

/** Owner and editors change the content (live or over REST), save versions and restore them; viewers' edits are dropped. */
export const mayWriteNotebook = (role: NotebookRoleName | null): boolean => role === 'owner' || role === 'editor';

/** Only the owner changes members, title and visibility. */
export const mayManageNotebook = (role: NotebookRoleName | null): boolean => role === 'owner';
