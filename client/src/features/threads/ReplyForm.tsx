import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyView } from '@cohort/shared';
import { api } from '../../api/http';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** The form under the replies for a new one. */
export function ReplyForm({ threadId, onPosted }: { threadId: string; onPosted(r: ReplyView): void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const { busy, error, run } = useFormSubmit({ perField: false });
  const id = useId();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!body.trim()) return;
    await run(async () => {
      onPosted(await api<ReplyView>('POST', `/api/threads/${threadId}/replies`, { body }));
      setBody('');
    });
  };
  return (
    <form className="reply-form" onSubmit={submit}>
      <label htmlFor={id}>{t('threads.yourReply')}</label>
      <textarea id={id} value={body} onChange={(e) => setBody(e.target.value)} rows={4} placeholder={t('threads.replyPlaceholder')} data-testid="reply-body" />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="form-actions">
        <span className="hint">{t('threads.markdownHint')}</span>
        <button type="submit" className="btn btn-primary" disabled={busy || !body.trim()} data-testid="reply-submit">
          {t('threads.reply')}
        </button>
      </div>
    </form>
  );
}
