import { Router, type Request } from 'express';
import {
  notebookCreateSchema,
  notebookExportQuerySchema,
  notebookMemberRoleSchema,
  notebookUpdateSchema,
  opaqueIdSchema,
  versionCreateSchema,
} from '@cohort/shared';
import { NotFoundError, parseInput } from '../../domain/errors';
import type { NotebookService } from '../../domain/notebookService';
import { presentUser } from '../../domain/presenters';
import { authOf } from '../requestAuth';

/** A path id that cannot be an id names nothing: 404, like an unknown one. */
function pathId(raw: string | undefined, what: string): string {
  if (!opaqueIdSchema.safeParse(raw).success) throw new NotFoundError(what);
  return raw!;
}

const actorOf = (req: Request) => presentUser(authOf(req).user);

/** `attachment; filename=...` with an ASCII fallback and the UTF-8 name (RFC 6266), for titles in any script. */
function attachmentName(title: string): string {
  const base = title.replace(/[\u0000-\u001F\u007F/\\?%*:|"<>]+/g, ' ').trim().slice(0, 100) || 'notebook';
  const ascii = base.replace(/[^\x20-\x7E]+/g, '_');
  return `attachment; filename="${ascii}.md"; filename*=UTF-8''${encodeURIComponent(`${base}.md`)}`;
}

/** Shared notebooks: metadata, members, versions, export. The content itself is edited over /yjs. Behind requireAuth. */
export function notebookRoutes(notebooks: NotebookService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const input = parseInput(notebookCreateSchema, req.body);
    res.status(201).json(await notebooks.create(actorOf(req), input));
  });

  router.get('/', async (req, res) => {
    res.json({ notebooks: await notebooks.list(authOf(req).user.id) });
  });

  router.get('/:id', async (req, res) => {
    res.json(await notebooks.get(authOf(req).user.id, pathId(req.params.id, 'Notebook')));
  });

  router.patch('/:id', async (req, res) => {
    const id = pathId(req.params.id, 'Notebook');
    const input = parseInput(notebookUpdateSchema, req.body);
    res.json(await notebooks.update(actorOf(req), id, input));
  });

  router.put('/:id/members/:userId', async (req, res) => {
    const id = pathId(req.params.id, 'Notebook');
    const userId = pathId(req.params.userId, 'User');
    const input = parseInput(notebookMemberRoleSchema, req.body);
    res.json(await notebooks.setMemberRole(actorOf(req), id, userId, input));
  });

  router.get('/:id/export', async (req, res) => {
    const id = pathId(req.params.id, 'Notebook');
    parseInput(notebookExportQuerySchema, req.query);
    const { title, markdown } = await notebooks.exportMarkdown(authOf(req).user.id, id);
    res.type('text/markdown; charset=utf-8').setHeader('Content-Disposition', attachmentName(title));
    res.send(markdown);
  });

  router.get('/:id/versions', async (req, res) => {
    res.json({ versions: await notebooks.listVersions(authOf(req).user.id, pathId(req.params.id, 'Notebook')) });
  });

  router.post('/:id/versions', async (req, res) => {
    const id = pathId(req.params.id, 'Notebook');
    // No body at all means no label; a JSON `null` (or any non-object) is bad input like any other.
    const input = parseInput(versionCreateSchema, req.body === undefined ? {} : req.body);
    res.status(201).json(await notebooks.createVersion(actorOf(req), id, input.label));
  });

  router.post('/:id/versions/:vid/restore', async (req, res) => {
    const id = pathId(req.params.id, 'Notebook');
    const vid = pathId(req.params.vid, 'Version');
    res.json(await notebooks.restoreVersion(actorOf(req), id, vid));
  });

  return router;
}
