import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import type { NotebookView } from '@cohort/shared';
import { api } from '../../api/http';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { ErrorNotice, Notice, fieldErrorText } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';
import { FormActions } from '../../components/FormActions';
import { useFormSubmit } from '../../hooks/useFormSubmit';

export function NotebooksPage() {
  const { t } = useTranslation();
  const [, navigate] = useLocation();
  const [notebooks, setNotebooks] = useState<NotebookView[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [title, setTitle] = useState('');
  const { fields, error: createError, run } = useFormSubmit();

  useEffect(() => {
    api<{ notebooks: NotebookView[] }>('GET', '/api/notebooks').then(
      (d) => setNotebooks(d.notebooks),
      (err) => setError(err),
    );
    // Prefetch the editor chunk while the user looks at the list.
    const idle = setTimeout(() => void import('./NotebookEditorPage'), 1500);
    return () => clearTimeout(idle);
  }, []);

  const create = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const nb = await api<{ id: string }>('POST', '/api/notebooks', { title });
      navigate(`/notebooks/${nb.id}`);
    });
  };

  return (
    <div className="page">
      <PageHeader title={t('notebooks.title')} subtitle={t('notebooks.subtitle')}>
        <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-notebook">
          {t('notebooks.new')}
        </button>
      </PageHeader>
      <ErrorNotice error={error} />
      {notebooks === null && !error && <Notice>{t('common.loading')}</Notice>}
      {notebooks && notebooks.length === 0 && <Notice>{t('notebooks.empty')}</Notice>}
      {notebooks && notebooks.length > 0 && (
        <ul className="grid-cards">
          {notebooks.map((nb) => (
            <li key={nb.id} className="card notebook-card">
              <Link href={`/notebooks/${nb.id}`} className="card-link">
                <span className="nb-icon" aria-hidden="true">
                  ▤
                </span>
                <span className="card-title">{nb.title}</span>
              </Link>
              <div className="meta-row muted">
                <span className={`pill pill-${nb.role}`}>{t(`notebooks.role_${nb.role}`)}</span>
                <span className="pill">{t(`notebooks.visibility_${nb.visibility}`)}</span>
                <TimeAgo iso={nb.updatedAt} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <Dialog title={t('notebooks.newTitle')} open={creating} onClose={() => setCreating(false)}>
        <form onSubmit={create} noValidate>
          <TextField label={t('notebooks.fieldTitle')} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldErrorText(t, fields.title)} required data-testid="notebook-title" />
          {createError && (
            <p className="form-error" role="alert">
              {createError}
            </p>
          )}
          <FormActions onCancel={() => setCreating(false)} submitLabel={t('notebooks.create')} submitTestId="notebook-create" />
        </form>
      </Dialog>
    </div>
  );
}
