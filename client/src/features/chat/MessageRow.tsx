import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PersonAvatar, PersonLink } from '../../components/PersonLink';
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
  /** This row shows its edit box (the list owns which row, so ArrowUp in the composer can open one). */
  editing: boolean;
  onEditingChange(editing: boolean): void;
  onReact(emoji: string): void;
  onEdit(body: string): Promise<boolean>;
  onDelete(): void;
  onRetry(): void;
}

/** One message in the list: its body or its edit form, reactions, and the react / edit / delete actions. */
export function MessageRow({ message: m, grouped, mine, mentionsMe, canDelete, canReact, editing, onEditingChange, onReact, onEdit, onDelete, onRetry }: RowProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(m.body);
  const [picking, setPicking] = useState(false);
  const picker = useRef<HTMLDivElement>(null);
  const reactButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (editing) setDraft(m.body);
    // A new edit starts from the stored body; later changes to the body do not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing]);
  useEffect(() => {
    if (picking) picker.current?.querySelector('button')?.focus();
  }, [picking]);

  const saveEdit = async () => {
    if (draft.trim() && (await onEdit(draft))) onEditingChange(false);
  };
  // The same keys as the composer: Enter saves, Shift+Enter breaks the line, Enter while an IME composes is the IME's; Escape cancels.
  const onEditKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      void saveEdit();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onEditingChange(false);
    }
  };
  const closePicker = () => {
    setPicking(false);
    reactButton.current?.focus();
  };
  const deleted = m.deletedAt !== null;
  const reactions = Object.entries(m.reactions).filter(([, n]) => n > 0);

  return (
    <article
      className={`msg ${grouped ? 'msg-grouped' : ''} ${mine ? 'msg-mine' : ''} ${mentionsMe ? 'msg-mention' : ''} ${m.pending ? `msg-${m.pending}` : ''}`}
      data-testid="message"
      data-state={m.pending ?? 'stored'}
      aria-label={t('chat.messageFrom', { name: m.author.displayName })}
    >
      {!grouped ? <PersonAvatar user={m.author} size={34} /> : <span className="avatar-spacer" />}
      <div className="msg-content">
        {!grouped && (
          <div className="msg-meta">
            <strong>
              <PersonLink user={m.author} />
            </strong>
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
            onSubmit={(e) => {
              e.preventDefault();
              void saveEdit();
            }}
          >
            <label className="visually-hidden" htmlFor={`edit-${m.id}`}>
              {t('chat.editLabel')}
            </label>
            <textarea id={`edit-${m.id}`} value={draft} onChange={(e) => setDraft(e.target.value)} onKeyDown={onEditKeyDown} rows={2} autoFocus data-testid="edit-input" />
            <FormActions small onCancel={() => onEditingChange(false)} />
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
      {!deleted && !m.pending && !editing && (canReact || mine || canDelete) && (
        // Always in the tab order (shown on hover and on focus), so keyboard users reach every action.
        <div className={`msg-actions ${picking ? 'open' : ''}`} role="group" aria-label={t('chat.actions')}>
          {canReact && (
            <button type="button" ref={reactButton} className="btn btn-ghost btn-icon" aria-label={t('chat.react')} aria-expanded={picking} onClick={() => setPicking((p) => !p)} data-testid="react">
              ☺
            </button>
          )}
          {picking && (
            <div
              className="emoji-picker"
              role="group"
              aria-label={t('chat.react')}
              ref={picker}
              onKeyDown={(e) => {
                if (e.key === 'Escape') {
                  e.preventDefault();
                  closePicker();
                }
              }}
            >
              {QUICK_REACTIONS.map((e) => (
                <button
                  key={e}
                  type="button"
                  className="btn btn-ghost btn-icon"
                  aria-label={e}
                  onClick={() => {
                    onReact(e);
                    closePicker();
                  }}
                >
                  {e}
                </button>
              ))}
            </div>
          )}
          {mine && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('common.edit')} onClick={() => onEditingChange(true)} data-testid="edit">
              ✎
            </button>
          )}
          {canDelete && (
            <button type="button" className="btn btn-ghost btn-icon" aria-label={t('common.delete')} onClick={onDelete} data-testid="delete">
              ✕
            </button>
          )}
        </div>
      )}
    </article>
  );
}
