import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { VersionView } from '@cohort/shared';
import { api } from '../../api/http';
import { errorText } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';

/** The notebook's saved versions: save one now, restore one (writers only). */
export function VersionsPanel({ notebookId, canWrite, onClose }: { notebookId: string; canWrite: boolean; onClose(): void }) {
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
