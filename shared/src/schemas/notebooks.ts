import { z } from 'zod';
import { isoTimeSchema, orNull } from './responseParts';
import { singleLine } from './text';
import { publicUserSchema } from './users';

/** Longest notebook title and version label, in characters. */
export const NOTEBOOK_TITLE_MAX_CHARS = 200;
export const VERSION_LABEL_MAX_CHARS = 120;

export const notebookVisibilitySchema = z.enum(['private', 'community']);
export type NotebookVisibility = z.infer<typeof notebookVisibilitySchema>;

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
  .refine((p) => p.title !== undefined || p.visibility !== undefined, 'must change at least one of title, visibility')
  .meta({ minProperties: 1 });
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

export const notebookRoleNameSchema = z.enum(['owner', 'editor', 'viewer']);
export type NotebookRoleName = z.infer<typeof notebookRoleNameSchema>;

export const notebookMemberViewSchema = z
  .object({ user: publicUserSchema, role: notebookRoleNameSchema, addedAt: isoTimeSchema })
  .meta({ id: 'NotebookMember' });
export type NotebookMemberView = z.infer<typeof notebookMemberViewSchema>;

export const notebookViewSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    /** The Yjs document's name: `notebook:<id>`. */
    docName: z.string(),
    visibility: notebookVisibilitySchema,
    ownerId: z.string(),
    createdAt: isoTimeSchema,
    updatedAt: isoTimeSchema,
    /** What the caller may do; `viewer` for a non-member reading a community notebook. */
    role: notebookRoleNameSchema,
  })
  .meta({ id: 'Notebook' });
export type NotebookView = z.infer<typeof notebookViewSchema>;

/** GET /api/notebooks/:id: the notebook and its members, owner first. */
export const notebookDetailViewSchema = notebookViewSchema
  .extend({ members: z.array(notebookMemberViewSchema) })
  .meta({ id: 'NotebookDetail' });
export type NotebookDetailView = z.infer<typeof notebookDetailViewSchema>;

export const versionViewSchema = z
  .object({
    id: z.string(),
    label: z.string(),
    createdAt: isoTimeSchema,
    /** Who asked for it; null for versions the server took by itself. */
    author: orNull(publicUserSchema),
    auto: z.boolean(),
  })
  .meta({ id: 'Version' });
export type VersionView = z.infer<typeof versionViewSchema>;

/** GET /api/notebooks */
export const notebookListResponseSchema = z.object({ notebooks: z.array(notebookViewSchema) });

/** PUT /api/notebooks/:id/members/:userId */
export const notebookMemberRoleResultSchema = z.object({ userId: z.string(), role: notebookMemberRoleSchema.shape.role });

/** GET /api/notebooks/:id/versions, newest first. */
export const versionListResponseSchema = z.object({ versions: z.array(versionViewSchema) });

/** POST /api/notebooks/:id/versions/:vid/restore: the version applied and the one kept of the state before it. */
export const versionRestoreResultSchema = z.object({ restored: versionViewSchema, previous: versionViewSchema });
