import type { OpenAPIRegistry } from '@asteasolutions/zod-to-openapi';
import {
  notebookCreateSchema,
  notebookDetailViewSchema,
  notebookExportQuerySchema,
  notebookListResponseSchema,
  notebookMemberRoleResultSchema,
  notebookMemberRoleSchema,
  notebookUpdateSchema,
  notebookViewSchema,
  versionCreateSchema,
  versionListResponseSchema,
  versionRestoreResultSchema,
  versionViewSchema,
} from '@cohort/shared';
import { z } from 'zod';
import { operationsOf } from './operation';

/** Notebook metadata, members, versions and export (the content itself is edited over /yjs). */
export function registerNotebookPaths(registry: OpenAPIRegistry): void {
  const add = operationsOf(registry, 'notebooks');
  add({
    method: 'post',
    path: '/api/notebooks',
    operationId: 'createNotebook',
    summary: 'Create a notebook; the caller owns it',
    body: notebookCreateSchema,
    responses: { 201: { description: 'The notebook', schema: notebookViewSchema } },
  });
  add({
    method: 'get',
    path: '/api/notebooks',
    operationId: 'listNotebooks',
    summary: 'The notebooks the caller may read, most recently updated first',
    responses: { 200: { description: 'The notebooks', schema: notebookListResponseSchema } },
  });
  add({
    method: 'get',
    path: '/api/notebooks/:id',
    operationId: 'getNotebook',
    summary: 'A notebook with its members',
    responses: { 200: { description: 'The notebook', schema: notebookDetailViewSchema } },
  });
  add({
    method: 'patch',
    path: '/api/notebooks/:id',
    operationId: 'updateNotebook',
    summary: 'Change the title or visibility (owner only)',
    body: notebookUpdateSchema,
    responses: { 200: { description: 'The notebook after the change', schema: notebookViewSchema } },
    errors: [403],
  });
  add({
    method: 'put',
    path: '/api/notebooks/:id/members/:userId',
    operationId: 'setNotebookMemberRole',
    summary: "Set a member's role, `none` removes them (owner only)",
    body: notebookMemberRoleSchema,
    responses: { 200: { description: 'The member and role', schema: notebookMemberRoleResultSchema } },
    errors: [403, 409],
  });
  add({
    method: 'get',
    path: '/api/notebooks/:id/export',
    operationId: 'exportNotebook',
    summary: 'The current content as Markdown',
    query: notebookExportQuerySchema,
    responses: { 200: { description: 'A Markdown attachment', schema: z.string(), mediaType: 'text/markdown' } },
  });
  add({
    method: 'get',
    path: '/api/notebooks/:id/versions',
    operationId: 'listNotebookVersions',
    summary: 'The saved versions, newest first',
    responses: { 200: { description: 'The versions', schema: versionListResponseSchema } },
  });
  add({
    method: 'post',
    path: '/api/notebooks/:id/versions',
    operationId: 'createNotebookVersion',
    summary: 'Save the current content as a version (owner, editors)',
    body: versionCreateSchema,
    bodyRequired: false,
    responses: { 201: { description: 'The version', schema: versionViewSchema } },
    errors: [403],
  });
  add({
    method: 'post',
    path: '/api/notebooks/:id/versions/:vid/restore',
    operationId: 'restoreNotebookVersion',
    summary: 'Apply a version to the live document as a forward edit (owner, editors)',
    responses: { 200: { description: 'The version restored and the one kept of the state before', schema: versionRestoreResultSchema } },
    errors: [403],
  });
}
