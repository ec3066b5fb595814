import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Avatar } from '../../components/Avatar';
import { FormActions } from '../../components/FormActions';
import { TimeAgo } from '../../components/TimeAgo';
import { splitMentions, type ChatEntry } from './messageList';

const QUICK_REACTIONS = ['👍', '❤️', '😄', '🎉', '🚀', '👀'];

interface RowProps {
  message: ChatEntry;
  grouped: boolean;
  mine: boolean;
  mentionsMe: boolean;
  canDelete: boolean;
  canReact: boolean;
  onReact(emoji: string): void;
  onEdit(body: string): Promise<boolean>;
  onDelete(): void;
  onRetry(): void;
}

/** One message in the list: its body or its edit form, reactions, and the react / edit / delete actions. */
export function MessageRow({ message: m, grouped, mine, mentionsMe, canDelete, canReact, onReact, onEdit, onDelete, onRetry }: RowProps) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(m.body);
  const [picking, setPicking] = useState(false);
  const deleted = m.deletedAt !== null;
  const reactions = Object.entries(m.reactions).filter(([, n]) => n > 0);

  return (
    <article
      className={`msg ${grouped ? 'msg-grouped' : ''} ${mine ? 'msg-mine' : ''} ${mentionsMe ? 'msg-mention' : ''} ${m.pending ? `msg-${m.pending}` : ''}`}
      data-testid="message"
      data-state={m.pending ?? 'stored'}
      aria-label={t('chat.messageFrom', { name: m.author.displayName })}
    >
      {!grouped ? <Avatar id={m.author.id} name={m.author.displayName} size={34} /> : <span className="avatar-spacer" />}
      <div className="msg-content">
        {!grouped && (
          <div className="msg-meta">
            <strong>{m.author.displayName}</strong>
            <span className="muted">@{m.author.username}</span>
            <span className="muted">
              <TimeAgo iso={m.createdAt} />
            </span>
          </div>
        )}
        {deleted ? (
          <p className="msg-body msg-deleted muted">{t('chat.deleted')}</p>
        ) : editing ? (
          <form
            className="msg-edit"
            onSubmit={async (e) => {
              e.preventDefault();
              if (draft.trim() && (await onEdit(draft))) setEditing(false);
            }}
          >
            <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
              {t('chat.editLabel')}
            </label>
            <textarea id={`edit-${m.id}`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={2} autoFocus />
            <FormActions small onCancel={() => setEditing(false)} />
          </form>
        ) : (
          <p className="msg-body" data-testid="message-body">
            {splitMentions(m.body, m.mentions).map((p, i) =>
              p.mention ? (
                <span key={i} className="mention">
                  {p.text}
                </span>
              ) : (
                <span key={i}>{p.text}</span>
              ),
            )}
            {m.editedAt && <span className="muted edited"> ({t('chat.edited')})</span>}
          </p>
        )}
        {m.pending === 'sending' && <span className="msg-status muted">{t('chat.sending')}</span>}
        {m.pending === 'failed' && (
          <span className="msg-status failed">
            {t('chat.failed')}{' '}
            <button type="button" className="link-button" onClick={onRetry}>
              {t('chat.retry')}
            </button>
          </span>
        )}
        {reactions.length > 0 && (
          <div className="reactions">
            {reactions.map(([emoji, n]) => (
              <button
                key={emoji}
                type="button"
                className={`reaction ${m.myReactions?.includes(emoji) ? 'mine' : ''}`}
                aria-pressed={m.myReactions?.includes(emoji) ?? false}
                aria-label={t('chat.reactionCount', { emoji, count: n })}
                onClick={() => canReact && onReact(emoji)}
                disabled={!canReact}
              >
                {emoji} {n}
              </button>
            ))}
          </div>
        )}
      </div>
      {!deleted && !m.pending && !editing && (
        <div className="msg-actions">
          {canReact && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('chat.react')} aria-expanded={picking} onClick={() => setPicking((p) => !p)}>
              ☺
            </button>
          )}
          {mine && (
            <button
              type="button"
              className="btn btn-ghost btn-icon"
              aria-label={t('common.edit')}
              onClick={() => {
                setDraft(m.body);
                setEditing(true);
              }}
            >
              ✎
            </button>
          )}
          {canDelete && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('common.delete')} onClick={onDelete}>
              ✕
            </button>
          )}
          {picking && (
            <div className="emoji-picker" role="group" aria-label={t('chat.react')}>
              {QUICK_REACTIONS.map((e) => (
                <button
                  key={e}
                  type="button"
                  className="btn btn-ghost btn-icon"
                  onClick={() => {
                    onReact(e);
                    setPicking(false);
                  }}
                >
                  {e}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </article>
  );
}
