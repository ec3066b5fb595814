import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicUser, RoomMemberView } from '@cohort/shared';
import { Avatar } from '../../components/Avatar';
import { mentionQueryAt } from './messageList';

/** The message input: Enter sends, Shift+Enter breaks the line, `@` offers the room's members, ArrowUp when empty edits your last message. */
export function Composer({ members, onSend, onTyping, onEditLast, disabled }: { members: RoomMemberView[]; onSend(body: string): void; onTyping(active: boolean): void; onEditLast(): boolean; disabled: boolean }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState<number | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  const query = mentionQueryAt(text, caret);
  const options = useMemo(() => {
    if (!query || dismissed === query.start) return [];
    return members
      .map((m) => m.user)
      .filter((u) => u.username.startsWith(query.query) || u.displayName.toLowerCase().startsWith(query.query))
      .slice(0, 6);
  }, [query?.query, query?.start, members, dismissed]); // eslint-disable-line react-hooks/exhaustive-deps
  const open = options.length > 0;

  const choose = (user: PublicUser) => {
    if (!query) return;
    const before = text.slice(0, query.start);
    const after = text.slice(caret);
    const next = `${before}@${user.username} ${after}`;
    setText(next);
    const pos = before.length + user.username.length + 2;
    setCaret(pos);
    requestAnimationFrame(() => {
      area.current?.setSelectionRange(pos, pos);
      area.current?.focus();
    });
  };

  const submit = () => {
    const body = text.trim();
    if (!body) return;
    onSend(body);
    setText('');
    setCaret(0);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown') {
        e.preventDefault();
        setActive((a) => (a + 1) % options.length);
        return;
      }
      if (e.key === 'ArrowUp') {
        e.preventDefault();
        setActive((a) => (a - 1 + options.length) % options.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(options[Math.min(active, options.length - 1)]!);
        return;
      }
      if (e.key === 'Escape') {
        e.preventDefault();
        setDismissed(query?.start ?? null);
        return;
      }
    }
    if (e.key === 'ArrowUp' && text === '' && !e.nativeEvent.isComposing && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      if (onEditLast()) e.preventDefault();
      return;
    }
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      submit();
    }
  };

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label htmlFor="composer-input" className="visually-hidden">
        {t('chat.inputLabel')}
      </label>
      <div className="composer-box">
        {open && (
          <ul className="mention-list" role="listbox" id="mention-list" aria-label={t('chat.mentionSuggestions')}>
            {options.map((u, i) => (
              <li
                key={u.id}
                id={`mention-${u.id}`}
                role="option"
                aria-selected={i === active}
                className={i === active ? 'active' : ''}
                onMouseDown={(e) => {
                  e.preventDefault();
                  choose(u);
                }}
              >
                <Avatar id={u.id} name={u.displayName} size={22} /> {u.displayName} <span className="muted">@{u.username}</span>
              </li>
            ))}
          </ul>
        )}
        <textarea
          id="composer-input"
          ref={area}
          data-testid="composer"
          rows={1}
          value={text}
          placeholder={t('chat.placeholder')}
          role="combobox"
          aria-expanded={open}
          aria-controls="mention-list"
          aria-autocomplete="list"
          aria-activedescendant={open ? `mention-${options[Math.min(active, options.length - 1)]!.id}` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
            setActive(0);
            onTyping(e.target.value.length > 0);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          maxLength={4000}
        />
      </div>
      <button type="submit" className="btn btn-primary" disabled={disabled || !text.trim()} data-testid="send">
        {t('chat.send')}
      </button>
    </form>
  );
}
