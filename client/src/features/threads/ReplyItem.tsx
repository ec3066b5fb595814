import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReplyView } from '@cohort/shared';
import { api } from '../../api/http';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';
import { FormActions } from '../../components/FormActions';
import { Markdown } from '../../components/Markdown';
import { errorText } from '../../components/Notice';
import { TimeAgo } from '../../components/TimeAgo';

/** One reply: author, time, body, and its edit form for the author. */
export function ReplyItem({ threadId, reply, mine, onSaved }: { threadId: string; reply: ReplyView; mine: boolean; onSaved(r: ReplyView): void }) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(reply.body);
  const [error, setError] = useState<string | null>(null);
  const editId = useId();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try {
      onSaved(await api<ReplyView>('PATCH', `/api/threads/${threadId}/replies/${reply.id}`, { body: draft }));
      setEditing(false);
    } catch (err) {
      setError(errorText(t, err));
    }
  };
  return (
    <li className="reply" data-testid="reply">
      <PersonAvatar user={reply.author} size={30} />
      <div className="reply-main">
        <div className="meta-row">
          <strong>
            <PersonLink user={reply.author} />
          </strong>
          <span className="muted">
            <TimeAgo iso={reply.createdAt} />
          </span>
          {reply.editedAt && <span className="muted">· {t('chat.edited')}</span>}
          {mine && !reply.deletedAt && !editing && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setDraft(reply.body);
                setEditing(true);
              }}
            >
              {t('common.edit')}
            </button>
          )}
        </div>
        {reply.deletedAt ? (
          <p className="muted">{t('threads.replyDeleted')}</p>
        ) : editing ? (
          <form onSubmit={save}>
            <label htmlFor={editId} className="visually-hidden">
              {t('threads.editReply')}
            </label>
            <textarea id={editId} value={draft} onChange={(e) => setDraft(e.target.value)} rows={4} />
            {error && <p className="form-error">{error}</p>}
            <FormActions small onCancel={() => setEditing(false)} />
          </form>
        ) : (
          <Markdown source={reply.body} />
        )}
      </div>
    </li>
  );
}
