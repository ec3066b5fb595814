import { lazy, Suspense, useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'wouter';
import * as Y from 'yjs';
import type { Awareness } from 'y-protocols/awareness';
import {
  CELL_LANG,
  CELL_SOURCE,
  CELL_TYPE,
  CELL_TYPES,
  META_TITLE,
  cellsOf,
  makeCell,
  metaOf,
  newCellId,
  readCell,
  type CellType,
  type NotebookDetailView,
  type NotebookRoleName,
  type PublicUser,
  type VersionView,
} from '@cohort/shared';
import { api } from '../../api/http';
import { rememberPeople } from '../../api/people';
import { Avatar, colorFor } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { Markdown } from '../../components/Markdown';
import { ErrorNotice, Notice, errorText } from '../../components/Notice';
import { PersonPicker } from '../../components/PersonPicker';
import { TimeAgo } from '../../components/TimeAgo';
import { useMe } from '../../hooks/useSession';
import { useYDoc, type YDocStatus } from '../../hooks/useYDoc';
import { CODE_LANGUAGES, CellEditor } from './CellEditor';
import { parseMetricsCsv } from './metricsCsv';

// uPlot is its own chunk: it loads when a metrics cell first draws.
const MetricsChart = lazy(() => import('./MetricsChart'));

/** A stable React key per cell map, so a moved cell (a new map) gets a fresh editor. */
const cellKeys = new WeakMap<Y.Map<unknown>, string>();
let keySeq = 0;
const keyOf = (m: Y.Map<unknown>) => {
  let k = cellKeys.get(m);
  if (!k) cellKeys.set(m, (k = `k${++keySeq}`));
  return k;
};

export default function NotebookEditorPage() {
  const { t } = useTranslation();
  const { id } = useParams<{ id: string }>();
  const me = useMe();
  const [meta, setMeta] = useState<NotebookDetailView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [panel, setPanel] = useState<'versions' | null>(null);
  const [sharing, setSharing] = useState(false);

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
  const { handle, status, synced, closeCode } = useYDoc(meta ? meta.docName : null, user);
  const readOnly = !meta || meta.role === 'viewer';

  const [cells, setCells] = useState<Y.Map<unknown>[]>([]);
  const [title, setTitle] = useState('');
  useEffect(() => {
    if (!handle) return;
    const arr = cellsOf(handle.doc);
    const m = metaOf(handle.doc);
    const read = () => setCells(arr.toArray().filter((c): c is Y.Map<unknown> => c instanceof Y.Map));
    const readTitle = () => {
      const v = m.get(META_TITLE);
      setTitle(typeof v === 'string' ? v : '');
    };
    read();
    readTitle();
    arr.observe(read);
    m.observe(readTitle);
    return () => {
      arr.unobserve(read);
      m.unobserve(readTitle);
    };
  }, [handle]);

  const addCell = (type: CellType, at: number) => {
    if (!handle || readOnly) return;
    cellsOf(handle.doc).insert(at, [makeCell({ id: newCellId(), type, source: type === 'metrics' ? 'epoch,loss\n' : '', lang: type === 'code' ? 'python' : '' })]);
  };

  const moveCell = (from: number, to: number) => {
    if (!handle || readOnly) return;
    const arr = cellsOf(handle.doc);
    if (to < 0 || to >= arr.length) return;
    handle.doc.transact(() => {
      const content = readCell(arr.get(from), from);
      arr.delete(from, 1);
      arr.insert(to, [makeCell(content)]);
    });
  };

  const deleteCell = (index: number) => {
    if (!handle || readOnly) return;
    cellsOf(handle.doc).delete(index, 1);
  };

  if (error) return <ErrorNotice error={error} />;
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

function SyncStatus({ status, synced }: { status: YDocStatus; synced: boolean }) {
  const { t } = useTranslation();
  const key = status === 'connected' ? (synced ? 'live' : 'syncing') : status === 'connecting' ? 'connecting' : 'offline';
  return (
    <span className={`conn conn-${status === 'connected' ? 'connected' : status === 'connecting' ? 'reconnecting' : 'offline'}`} role="status" aria-live="polite" data-testid="nb-status" data-status={key}>
      <span className="conn-dot" aria-hidden="true" />
      {t(`notebooks.sync_${key}`)}
    </span>
  );
}

interface AwarenessUser {
  id?: string;
  name?: string;
  color?: string;
}

/** Avatars of everyone with the notebook open (from Yjs awareness), one per person. */
function PresenceBar({ awareness, selfId }: { awareness: Awareness; selfId: number }) {
  const { t } = useTranslation();
  const [people, setPeople] = useState<Array<{ key: string; name: string; color: string; self: boolean }>>([]);
  useEffect(() => {
    const read = () => {
      const seen = new Map<string, { key: string; name: string; color: string; self: boolean }>();
      awareness.getStates().forEach((state, clientId) => {
        const u = (state as { user?: AwarenessUser }).user;
        if (!u?.name) return;
        const key = u.id ?? String(clientId);
        const self = clientId === selfId;
        if (!seen.has(key) || self) seen.set(key, { key, name: u.name, color: u.color ?? colorFor(key), self });
      });
      setPeople([...seen.values()].sort((a, b) => Number(b.self) - Number(a.self)));
    };
    read();
    awareness.on('change', read);
    return () => awareness.off('change', read);
  }, [awareness, selfId]);
  return (
    <ul className="presence-bar" aria-label={t('notebooks.presentNow', { count: people.length })} data-testid="presence">
      {people.map((p) => (
        <li key={p.key} title={p.self ? t('notebooks.you', { name: p.name }) : p.name}>
          <span className="avatar presence-avatar" style={{ background: p.color, borderColor: p.color }} aria-label={p.self ? t('notebooks.you', { name: p.name }) : p.name}>
            {[...p.name][0]?.toUpperCase()}
          </span>
        </li>
      ))}
    </ul>
  );
}

interface CellProps {
  cell: Y.Map<unknown>;
  index: number;
  count: number;
  awareness: Awareness;
  readOnly: boolean;
  onMove(from: number, to: number): void;
  onDelete(index: number): void;
  onAdd(type: CellType, at: number): void;
}

function CellView({ cell, index, count, awareness, readOnly, onMove, onDelete, onAdd }: CellProps) {
  const { t } = useTranslation();
  const [info, setInfo] = useState(() => readCell(cell, index));
  const [source, setSource] = useState(() => (cell.get(CELL_SOURCE) instanceof Y.Text ? (cell.get(CELL_SOURCE) as Y.Text) : null));
  const [preview, setPreview] = useState(true);

  useEffect(() => {
    const readMeta = () => {
      setInfo(readCell(cell, index));
      const s = cell.get(CELL_SOURCE);
      setSource(s instanceof Y.Text ? s : null);
    };
    cell.observe(readMeta);
    return () => cell.unobserve(readMeta);
  }, [cell, index]);

  // The rendered side (markdown preview, chart) follows the text as anyone edits it.
  const [text, setText] = useState(() => source?.toString() ?? '');
  useEffect(() => {
    if (!source) return;
    const read = () => setText(source.toString());
    read();
    source.observe(read);
    return () => source.unobserve(read);
  }, [source]);

  const metrics = useMemo(() => (info.type === 'metrics' ? parseMetricsCsv(text) : null), [info.type, text]);
  const label = t('notebooks.cellLabel', { n: index + 1, type: t(`notebooks.type_${info.type}`) });

  const setType = (type: CellType) => {
    cell.doc?.transact(() => {
      cell.set(CELL_TYPE, type);
      if (type === 'code') {
        if (!cell.get(CELL_LANG)) cell.set(CELL_LANG, 'python');
      } else if (cell.has(CELL_LANG)) cell.delete(CELL_LANG);
    });
  };

  return (
    <section className={`cell cell-${info.type}`} aria-label={label} data-testid="cell" data-cell-type={info.type}>
      <div className="cell-bar">
        <span className="cell-index muted">[{index + 1}]</span>
        {readOnly ? (
          <span className="pill">{t(`notebooks.type_${info.type}`)}</span>
        ) : (
          <>
            <label className="visually-hidden" htmlFor={`type-${info.id}`}>
              {t('notebooks.cellType')}
            </label>
            <select id={`type-${info.id}`} value={info.type} onChange={(e) => setType(e.target.value as CellType)} data-testid="cell-type">
              {CELL_TYPES.map((ty) => (
                <option key={ty} value={ty}>
                  {t(`notebooks.type_${ty}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {info.type === 'code' && (
          <>
            <label className="visually-hidden" htmlFor={`lang-${info.id}`}>
              {t('notebooks.language')}
            </label>
            <select id={`lang-${info.id}`} value={info.lang || 'python'} disabled={readOnly} onChange={(e) => cell.set(CELL_LANG, e.target.value)} data-testid="cell-lang">
              {CODE_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {t(`notebooks.lang_${l}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {info.type === 'markdown' && (
          <button type="button" className="btn btn-ghost btn-small" aria-pressed={preview} onClick={() => setPreview((p) => !p)}>
            {t('common.preview')}
          </button>
        )}
        {!readOnly && (
          <div className="cell-tools">
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index, index - 1)} disabled={index === 0} aria-label={t('notebooks.moveUp')}>
              ↑
            </button>
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onMove(index, index + 1)} disabled={index === count - 1} aria-label={t('notebooks.moveDown')}>
              ↓
            </button>
            <button type="button" className="btn btn-ghost btn-icon" onClick={() => onAdd('markdown', index + 1)} aria-label={t('notebooks.addBelow')}>
              +
            </button>
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              onClick={() => {
                if (text.trim() === '' || window.confirm(t('notebooks.confirmDeleteCell'))) onDelete(index);
              }}
              aria-label={t('notebooks.deleteCell')}
            >
              ✕
            </button>
          </div>
        )}
      </div>
      <div className={`cell-body ${info.type === 'markdown' && preview ? 'cell-split' : ''}`}>
        {source && <CellEditor text={source} awareness={awareness} type={info.type} lang={info.lang} readOnly={readOnly} label={label} />}
        {info.type === 'markdown' && preview && (
          <div className="cell-preview" aria-label={t('common.preview')}>
            {text.trim() ? <Markdown source={text} /> : <p className="muted">{t('common.nothingToPreview')}</p>}
          </div>
        )}
      </div>
      {info.type === 'metrics' && (
        <div className="cell-chart">
          {metrics ? (
            <Suspense fallback={<p className="muted">{t('common.loading')}</p>}>
              <MetricsChart data={metrics} label={t('notebooks.chartLabel', { series: metrics.series.map((s) => s.name).join(', '), x: metrics.xLabel })} />
            </Suspense>
          ) : (
            <p className="muted hint">{t('notebooks.metricsHint')}</p>
          )}
        </div>
      )}
    </section>
  );
}

function VersionsPanel({ notebookId, canWrite, onClose }: { notebookId: string; canWrite: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [label, setLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const d = await api<{ versions: VersionView[] }>('GET', `/api/notebooks/${notebookId}/versions`);
      setVersions(d.versions);
    } catch (err) {
      setError(errorText(t, err));
    }
  }, [notebookId, t]);
  useEffect(() => {
    void load();
  }, [load]);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api('POST', `/api/notebooks/${notebookId}/versions`, label.trim() ? { label: label.trim() } : {});
      setLabel('');
      setDone(t('notebooks.versionSaved'));
      await load();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  const restore = async (v: VersionView) => {
    if (!window.confirm(t('notebooks.confirmRestore', { label: v.label }))) return;
    setError(null);
    try {
      await api('POST', `/api/notebooks/${notebookId}/versions/${v.id}/restore`);
      setDone(t('notebooks.restored', { label: v.label }));
      await load();
    } catch (err) {
      setError(errorText(t, err));
    }
  };

  return (
    <aside className="side-panel versions-panel" aria-label={t('notebooks.versions')}>
      <div className="panel-head">
        <h2>{t('notebooks.versions')}</h2>
        <button type="button" className="btn btn-ghost btn-icon" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      {canWrite && (
        <form onSubmit={create} className="version-form">
          <label htmlFor="version-label">{t('notebooks.versionLabel')}</label>
          <div className="input-row">
            <input id="version-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder={t('notebooks.versionPlaceholder')} maxLength={120} />
            <button type="submit" className="btn btn-primary btn-small" data-testid="version-create">
              {t('notebooks.saveVersion')}
            </button>
          </div>
        </form>
      )}
      {done && (
        <p className="notice notice-info" role="status">
          {done}
        </p>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {versions === null && !error && <p className="muted">{t('common.loading')}</p>}
      {versions && versions.length === 0 && <p className="muted">{t('notebooks.noVersions')}</p>}
      {versions && versions.length > 0 && (
        <ol className="version-list">
          {versions.map((v) => (
            <li key={v.id}>
              <div>
                <strong>{v.label}</strong>
                <div className="muted small">
                  <TimeAgo iso={v.createdAt} /> · {v.author ? v.author.displayName : t('notebooks.autoVersion')}
                </div>
              </div>
              {canWrite && (
                <button type="button" className="btn btn-ghost btn-small" onClick={() => void restore(v)}>
                  {t('notebooks.restore')}
                </button>
              )}
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}

function ShareDialog({ open, onClose, notebook, onChanged }: { open: boolean; onClose(): void; notebook: NotebookDetailView; onChanged(): Promise<void> }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<'editor' | 'viewer'>('editor');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isOwner = notebook.role === 'owner';

  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await fn();
      await onChanged();
    } catch (err) {
      setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };
  const setMemberRole = (user: PublicUser, next: NotebookRoleName | 'none') => run(() => api('PUT', `/api/notebooks/${notebook.id}/members/${user.id}`, { role: next }));

  return (
    <Dialog title={t('notebooks.shareTitle')} open={open} onClose={onClose}>
      <fieldset className="radio-group">
        <legend>{t('notebooks.visibility')}</legend>
        {(['private', 'community'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="nb-visibility"
              checked={notebook.visibility === v}
              disabled={!isOwner || busy}
              onChange={() => void run(() => api('PATCH', `/api/notebooks/${notebook.id}`, { visibility: v }))}
            />
            <span>
              <strong>{t(`notebooks.visibility_${v}`)}</strong> <span className="muted">{t(`notebooks.visibilityHint_${v}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <h3>{t('notebooks.members')}</h3>
      <ul className="member-rows">
        {(notebook.members ?? []).map((m) => (
          <li key={m.user.id}>
            <Avatar id={m.user.id} name={m.user.displayName} size={26} />
            <span className="member-name">
              {m.user.displayName} <span className="muted">@{m.user.username}</span>
            </span>
            {isOwner && m.role !== 'owner' ? (
              <>
                <label className="visually-hidden" htmlFor={`role-${m.user.id}`}>
                  {t('notebooks.roleFor', { name: m.user.displayName })}
                </label>
                <select id={`role-${m.user.id}`} value={m.role} disabled={busy} onChange={(e) => void setMemberRole(m.user, e.target.value as NotebookRoleName | 'none')}>
                  <option value="editor">{t('notebooks.role_editor')}</option>
                  <option value="viewer">{t('notebooks.role_viewer')}</option>
                  <option value="none">{t('notebooks.removeMember')}</option>
                </select>
              </>
            ) : (
              <span className="pill">{t(`notebooks.role_${m.role}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {isOwner && (
        <>
          <h3>{t('notebooks.addPeople')}</h3>
          <label htmlFor="share-role">{t('notebooks.newMemberRole')}</label>
          <select id="share-role" value={role} onChange={(e) => setRole(e.target.value as 'editor' | 'viewer')}>
            <option value="editor">{t('notebooks.role_editor')}</option>
            <option value="viewer">{t('notebooks.role_viewer')}</option>
          </select>
          <PersonPicker busy={busy} exclude={(notebook.members ?? []).map((m) => m.user.id)} submitLabel={t('notebooks.add')} onPick={(u) => setMemberRole(u, role)} />
        </>
      )}
      {!isOwner && <p className="muted">{t('notebooks.onlyOwnerShares')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
