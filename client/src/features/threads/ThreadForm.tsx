import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ThreadView } from '@cohort/shared';
import { api } from '../../api/http';
import { ChipInput } from '../../components/ChipInput';
import { TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { Markdown } from '../../components/Markdown';
import { fieldErrorText } from '../../components/Notice';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** Creates a thread, or edits one when `thread` is given. */
export function ThreadForm({ thread, onDone, onCancel }: { thread?: ThreadView; onDone(thread: ThreadView): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState(thread?.title ?? '');
  const [body, setBody] = useState(thread?.body ?? '');
  const [tags, setTags] = useState<string[]>(thread?.tags ?? []);
  const [preview, setPreview] = useState(false);
  const { busy, fields, error, run } = useFormSubmit();
  const bodyId = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const saved = thread
        ? await api<ThreadView>('PATCH', `/api/threads/${thread.id}`, { title, body, tags })
        : await api<ThreadView>('POST', '/api/threads', { title, body, tags });
      onDone(saved);
    });
  };

  const tagError = Object.entries(fields).find(([k]) => k.startsWith('tags'))?.[1];
  return (
    <form onSubmit={submit} noValidate className="thread-form">
      <TextField label={t('threads.fieldTitle')} value={title} onChange={(e) => setTitle(e.target.value)} error={fieldErrorText(t, fields.title)} required data-testid="thread-title" />
      <div className="field">
        <div className="label-row">
          <label htmlFor={bodyId}>{t('threads.fieldBody')}</label>
          <div className="segmented segmented-small" role="group" aria-label={t('threads.bodyMode')}>
            <button type="button" aria-pressed={!preview} className={!preview ? 'on' : ''} onClick={() => setPreview(false)}>
              {t('common.write')}
            </button>
            <button type="button" aria-pressed={preview} className={preview ? 'on' : ''} onClick={() => setPreview(true)}>
              {t('common.preview')}
            </button>
          </div>
        </div>
        {preview ? (
          <div className="preview-box">{body.trim() ? <Markdown source={body} /> : <p className="muted">{t('common.nothingToPreview')}</p>}</div>
        ) : (
          <textarea id={bodyId} value={body} onChange={(e) => setBody(e.target.value)} rows={8} placeholder={t('threads.bodyPlaceholder')} data-testid="thread-body" />
        )}
        {fields.body && <p className="field-error">{fieldErrorText(t, fields.body)}</p>}
      </div>
      <ChipInput label={t('threads.tags')} value={tags} onChange={setTags} max={8} error={fieldErrorText(t, tagError)} hint={t('threads.tagsHint')} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <FormActions onCancel={onCancel} busy={busy} submitLabel={thread ? t('common.save') : t('threads.post')} submitTestId="thread-submit" />
    </form>
  );
}
