import { z } from 'zod';
import type { PublicUser } from './auth';
import { singleLine } from './text';

/** Longest notebook title and version label, in characters. */
export const NOTEBOOK_TITLE_MAX_CHARS = 200;
export const VERSION_LABEL_MAX_CHARS = 120;

export const notebookVisibilitySchema = z.enum(['private', 'community']);
export type NotebookVisibilityInput = z.infer<typeof notebookVisibilitySchema>;

export const notebookTitleSchema = singleLine(NOTEBOOK_TITLE_MAX_CHARS);

/** POST /api/notebooks. `private` (members only) unless said otherwise. */
export const notebookCreateSchema = z.strictObject({
  title: notebookTitleSchema,
  visibility: notebookVisibilitySchema.optional().default('private'),
});
export type NotebookCreateInput = z.infer<typeof notebookCreateSchema>;

/** PATCH /api/notebooks/:id (owner): the fields given change; at least one is needed. */
export const notebookUpdateSchema = z
  .strictObject({ title: notebookTitleSchema, visibility: notebookVisibilitySchema })
  .partial()
  .refine((p) => p.title !== undefined || p.visibility !== undefined, 'must change at least one of title, visibility');
export type NotebookUpdateInput = z.infer<typeof notebookUpdateSchema>;

/** PUT /api/notebooks/:id/members/:userId. `none` removes the member. Ownership is not transferable here. */
export const notebookMemberRoleSchema = z.strictObject({
  role: z.enum(['editor', 'viewer', 'none'], { error: 'must be editor, viewer or none' }),
});
export type NotebookMemberRoleInput = z.infer<typeof notebookMemberRoleSchema>;

/** POST /api/notebooks/:id/versions. Without a label the server names it after the time. */
export const versionCreateSchema = z.strictObject({
  label: singleLine(VERSION_LABEL_MAX_CHARS).optional(),
});
export type VersionCreateInput = z.infer<typeof versionCreateSchema>;

/** GET /api/notebooks/:id/export?format=md. Markdown is the only format so far, and the default. */
export const notebookExportQuerySchema = z.object({
  format: z.enum(['md'], { error: 'must be md' }).optional().default('md'),
});
export type NotebookExportQuery = z.infer<typeof notebookExportQuerySchema>;

// ---------------------------------------------------------------- what the server sends

export type NotebookRoleName = 'owner' | 'editor' | 'viewer';

/** The caller's access: a member's role, `viewer` for a non-member reading a community notebook. */
export interface NotebookMemberView {
  user: PublicUser;
  role: NotebookRoleName;
  addedAt: string;
}

export interface NotebookView {
  id: string;
  title: string;
  /** The Yjs document's name: `notebook:<id>`. */
  docName: string;
  visibility: NotebookVisibilityInput;
  ownerId: string;
  createdAt: string;
  updatedAt: string;
  /** What the caller may do; `viewer` for a non-member reading a community notebook. */
  role: NotebookRoleName;
}

export interface NotebookDetailView extends NotebookView {
  members: NotebookMemberView[];
}

export interface VersionView {
  id: string;
  label: string;
  createdAt: string;
  /** Who asked for it; null for versions the server took by itself. */
  author: PublicUser | null;
  auto: boolean;
}
