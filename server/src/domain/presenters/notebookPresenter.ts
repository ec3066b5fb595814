import { notebookDocName, type NotebookMemberView, type NotebookRoleName, type NotebookView, type PublicUser } from '@cohort/shared';
import type { NotebookMemberRecord, NotebookRecord } from '../../store/ports';

/** A notebook as the caller sees it: `role` is what they may do with it. */
export function presentNotebook(record: NotebookRecord, role: NotebookRoleName): NotebookView {
  return {
    id: record.id,
    title: record.title,
    docName: notebookDocName(record.id),
    visibility: record.visibility,
    ownerId: record.ownerId,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    role,
  };
}

export function presentNotebookMember(member: NotebookMemberRecord, user: PublicUser): NotebookMemberView {
  return { user, role: member.role, addedAt: member.addedAt };
}
