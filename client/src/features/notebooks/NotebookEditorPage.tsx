import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import type * as Y from 'yjs';
import { CELL_TYPES, META_TITLE, metaOf, readNotebook, type NotebookDetailView } from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { colorFor } from '../../components/Avatar';
import { ErrorNotice, Notice } from '../../components/Notice';
import { NotFound, isNotFound } from '../../components/NotFound';
import { useMe } from '../../hooks/useSession';
import { useYDoc } from '../../hooks/useYDoc';
import { CellView } from './CellView';
import { PresenceBar } from './PresenceBar';
import { ShareDialog } from './ShareDialog';
import { hubContent, unsavedEdits, type UnsavedPiece } from './unsavedEdits';
import { useRoleWatch } from './useRoleWatch';
import { SyncStatus } from './SyncStatus';
import { useNotebookCells } from './useNotebookCells';
import { VersionsPanel } from './VersionsPanel';

/** A stable React key per cell map, so a moved cell (a new map) gets a fresh editor. */
const cellKeys = new WeakMap<Y.Map<unknown>, string>();
let keySeq = 0;
const keyOf = (m: Y.Map<unknown>) => {
  let k = cellKeys.get(m);
  if (!k) cellKeys.set(m, (k = `k${++keySeq}`));
  return k;
};

const TAB_KEY = 'cohort.tabIndents';

/** The remembered choice of whether Tab indents in a cell (off by default: Tab moves focus, nothing traps it). */
function useTabIndents(): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => {
    try {
      return localStorage.getItem(TAB_KEY) === '1';
    } catch {
      return false;
    }
  });
  const set = (next: boolean) => {
    setOn(next);
    try {
      localStorage.setItem(TAB_KEY, next ? '1' : '0');
    } catch {
      // storage off: the choice lasts for this page
    }
  };
  return [on, set];
}

export default function NotebookEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const me = useMe();
  const [meta, setMeta] = useState<NotebookDetailView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [panel, setPanel] = useState<'versions' | null>(null);
  const [sharing, setSharing] = useState(false);
  const [tabIndents, setTabIndents] = useTabIndents();

  const loadMeta = useCallback(async () => {
    try {
      const nb = await api<NotebookDetailView>('GET', `/api/notebooks/${id}`);
      setMeta(nb);
      rememberPeople(nb.members?.map((m) => m.user) ?? []);
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => {
    void loadMeta();
  }, [loadMeta]);

  const user = useMemo(() => ({ id: me.id, name: me.displayName, color: colorFor(me.id) }), [me]);
  const [epoch, setEpoch] = useState(0);
  const { handle, status, synced, closeCode } = useYDoc(meta ? meta.docName : null, user, epoch);
  const readOnly = !meta || meta.role === 'viewer';
  // A downgrade to viewer while editing: read-only at once, then what the hub refused is shown for copying
  // (never silently dropped) and the editor starts over from the hub's copy.
  const [downgraded, setDowngraded] = useState<{ pieces: UnsavedPiece[] | null } | null>(null);
  const onRoleChange = useCallback(
    (nb: NotebookDetailView) => {
      const wasWriter = meta?.role === 'owner' || meta?.role === 'editor';
      setMeta(nb);
      if (!wasWriter || nb.role !== 'viewer' || !handle) return;
      const local = readNotebook(handle.doc);
      setDowngraded({ pieces: null });
      hubContent(nb.docName).then(
        (hub) => {
          setDowngraded({ pieces: unsavedEdits(local, hub) });
          setEpoch((e) => e + 1);
        },
        () => setDowngraded({ pieces: unsavedEdits(local, { title: '', cells: [] }) }),
      );
    },
    [meta?.role, handle],
  );
  useRoleWatch(id, meta, handle, onRoleChange);

  const { cells, title, addCell, moveCell, deleteCell } = useNotebookCells(handle, readOnly);

  if (error) return isNotFound(error) ? <NotFound text={t('errors.notFound')} /> : <ErrorNotice error={error} />;
  if (!meta) return <Notice>{t('common.loading')}</Notice>;
  if (status === 'denied') return <Notice kind="error">{closeCode === 4401 ? t('errors.unauthorized') : t('errors.forbidden')}</Notice>;

  return (
    <div className="page notebook-page">
      <Link href="/notebooks" className="back-link">
        ← {t('notebooks.back')}
      </Link>
      <header className="nb-head">
        <div className="nb-title-row">
          <label htmlFor="nb-title" className="visually-hidden">
            {t('notebooks.fieldTitle')}
          </label>
          <input
            id="nb-title"
            className="nb-title"
            value={title}
            readOnly={readOnly}
            onChange={(e) => handle && metaOf(handle.doc).set(META_TITLE, e.target.value)}
            onBlur={() => {
              if (meta.role === 'owner' && title.trim() && title.trim() !== meta.title) void api('PATCH', `/api/notebooks/${id}`, { title: title.trim() }).catch(() => undefined);
            }}
            data-testid="nb-title"
          />
          {readOnly && <span className="pill pill-viewer">{t('notebooks.readOnly')}</span>}
        </div>
        <div className="nb-toolbar">
          {handle && <PresenceBar awareness={handle.provider.awareness} selfId={handle.doc.clientID} />}
          <SyncStatus status={status} synced={synced} />
          <div className="nb-actions">
            {!readOnly && (
              <button type="button" className="btn btn-ghost btn-small" aria-pressed={tabIndents} title={t('notebooks.tabHint')} onClick={() => setTabIndents(!tabIndents)} data-testid="tab-indents">
                {tabIndents ? t('notebooks.tabIndents') : t('notebooks.tabMoves')}
              </button>
            )}
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setPanel(panel === 'versions' ? null : 'versions')} aria-expanded={panel === 'versions'} data-testid="versions-toggle">
              {t('notebooks.versions')}
            </button>
            <a className="btn btn-ghost btn-small" href={`/api/notebooks/${id}/export?format=md`} download={`${(title || 'notebook').replace(/[^\p{L}\p{N}_-]+/gu, '-')}.md`}>
              {t('notebooks.export')}
            </a>
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setSharing(true)} data-testid="share">
              {t('notebooks.share')}
            </button>
          </div>
        </div>
      </header>
      {downgraded && <DowngradeNotice pieces={downgraded.pieces} onDismiss={() => setDowngraded(null)} />}
      <div className={`nb-layout ${panel ? 'with-panel' : ''}`}>
        <div className="cells" data-testid="cells">
          {!synced && cells.length === 0 && <Notice>{status === 'disconnected' ? t('notebooks.offlineLoading') : t('common.loading')}</Notice>}
          {handle &&
            cells.map((cell, i) => (
              <CellView
                key={keyOf(cell)}
                cell={cell}
                index={i}
                count={cells.length}
                awareness={handle.provider.awareness}
                readOnly={readOnly}
                tabIndents={tabIndents}
                onMove={moveCell}
                onDelete={deleteCell}
                onAdd={addCell}
              />
            ))}
          {!readOnly && (synced || cells.length > 0) && (
            <div className="add-cell-row" role="group" aria-label={t('notebooks.addCell')}>
              {CELL_TYPES.map((type) => (
                <button key={type} type="button" className="btn btn-ghost btn-small" onClick={() => addCell(type, cells.length)} data-testid={`add-${type}`}>
                  + {t(`notebooks.type_${type}`)}
                </button>
              ))}
            </div>
          )}
        </div>
        {panel === 'versions' && <VersionsPanel notebookId={id} canWrite={!readOnly} onClose={() => setPanel(null)} />}
      </div>
      <ShareDialog open={sharing} onClose={() => setSharing(false)} notebook={meta} onChanged={loadMeta} />
    </div>
  );
}

/** Told when the caller became a viewer while editing: the notebook is read-only, and what was not saved. */
function DowngradeNotice({ pieces, onDismiss }: { pieces: UnsavedPiece[] | null; onDismiss(): void }) {
  const { t } = useTranslation();
  const all = pieces?.map((p) => p.text).join('\n\n') ?? '';
  return (
    <div className="notice notice-warn downgrade" role="alert" data-testid="downgrade-notice">
      <p>
        <strong>{t('notebooks.nowViewer')}</strong> {pieces === null ? t('common.loading') : pieces.length > 0 ? t('notebooks.unsavedHint') : t('notebooks.nothingLost')}
      </p>
      {pieces && pieces.length > 0 && (
        <>
          <ul className="unsaved-list">
            {pieces.map((p, i) => (
              <li key={i}>
                <span className="muted small">{p.index === null ? t('notebooks.fieldTitle') : t('notebooks.cellN', { n: p.index + 1 })}</span>
                <textarea readOnly value={p.text} rows={Math.min(6, p.text.split('\n').length + 1)} aria-label={t('notebooks.unsavedText')} data-testid="unsaved-text" />
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-small" onClick={() => void navigator.clipboard?.writeText(all).catch(() => undefined)}>
            {t('notebooks.copyUnsaved')}
          </button>{' '}
        </>
      )}
      <button type="button" className="btn btn-ghost btn-small" onClick={onDismiss}>
        {t('notebooks.dismiss')}
      </button>
    </div>
  );
}
