import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'wouter';
import { SocketEvents, type RoomListItem, type RoomView } from '@cohort/shared';
import { api, ApiError } from '../../api/http';
import { ChatView } from './ChatView';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { ErrorNotice, Notice, errorText, fieldErrorText } from '../../components/Notice';
import { FormActions } from '../../components/FormActions';
import { useSocket } from '../../hooks/useSocket';

/** Fetches the caller's rooms and keeps them fresh: on socket news, on focus and every 20 s. */
export function useRoomList() {
  const { socket } = useSocket();
  const [rooms, setRooms] = useState<RoomListItem[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const refresh = useCallback(async () => {
    try {
      const answer = await api<{ rooms: RoomListItem[] }>('GET', '/api/rooms');
      setRooms(answer.rooms);
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 20000);
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => {
      clearInterval(timer);
      window.removeEventListener('focus', onFocus);
    };
  }, [refresh]);
  useEffect(() => {
    if (!socket) return;
    const again = () => void refresh();
    socket.on(SocketEvents.mention, again);
    socket.on('room:added', again);
    socket.on('room:removed', again);
    socket.on(SocketEvents.messageNew, again);
    return () => {
      socket.off(SocketEvents.mention, again);
      socket.off('room:added', again);
      socket.off('room:removed', again);
      socket.off(SocketEvents.messageNew, again);
    };
  }, [socket, refresh]);
  return { rooms, error, refresh, setRooms };
}

export function RoomsPage() {
  const { t } = useTranslation();
  const params = useParams<{ id?: string }>();
  const [, navigate] = useLocation();
  const selected = params.id ?? null;
  const { rooms, error, refresh, setRooms } = useRoomList();
  const [creating, setCreating] = useState(false);

  const markRead = useCallback(
    (roomId: string) => setRooms((list) => list && list.map((r) => (r.id === roomId ? { ...r, unread: 0, mentions: 0 } : r))),
    [setRooms],
  );

  return (
    <div className={`split ${selected ? 'has-detail' : ''}`}>
      <aside className="split-list" aria-label={t('rooms.listLabel')}>
        <div className="split-list-head">
          <h1>{t('rooms.title')}</h1>
          <button type="button" className="btn btn-primary btn-small" onClick={() => setCreating(true)} data-testid="new-room">
            {t('rooms.create')}
          </button>
        </div>
        <ErrorNotice error={error} />
        {rooms === null && !error && <Notice>{t('common.loading')}</Notice>}
        {rooms && rooms.length === 0 && <Notice>{t('rooms.empty')}</Notice>}
        {rooms && rooms.length > 0 && (
          <ul className="room-list">
            {rooms.map((r) => (
              <li key={r.id}>
                <Link href={`/rooms/${r.id}`} className={`room-item ${r.id === selected ? 'active' : ''}`} aria-current={r.id === selected ? 'page' : undefined}>
                  <span className="room-item-main">
                    <span className="room-name">
                      {r.visibility === 'private' && (
                        <span className="lock" role="img" aria-label={t('rooms.private')}>
                          🔒
                        </span>
                      )}
                      {r.name}
                    </span>
                    <span className="room-topic muted">{r.topic}</span>
                  </span>
                  {r.unread > 0 && r.id !== selected && (
                    <span className={`badge ${r.mentions > 0 ? 'badge-mention' : ''}`} aria-label={t('rooms.unreadCount', { count: r.unread })} data-testid="unread-badge">
                      {r.mentions > 0 ? `@${r.mentions}` : r.unread}
                    </span>
                  )}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </aside>
      <section className="split-detail" aria-label={t('rooms.chat')}>
        {selected ? (
          <>
            <Link href="/rooms" className="back-link">
              ← {t('rooms.back')}
            </Link>
            <ChatView key={selected} roomId={selected} onRead={markRead} onChanged={() => void refresh()} />
          </>
        ) : (
          <div className="empty-detail">
            <p className="muted">{t('rooms.pick')}</p>
          </div>
        )}
      </section>
      <CreateRoomDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(room) => {
          setCreating(false);
          void refresh();
          navigate(`/rooms/${room.id}`);
        }}
      />
    </div>
  );
}

function CreateRoomDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(room: RoomView): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setFields({});
    setError(null);
    try {
      const room = await api<RoomView>('POST', '/api/rooms', { name, topic, description, visibility });
      setName('');
      setTopic('');
      setDescription('');
      onCreated(room);
    } catch (err) {
      if (err instanceof ApiError && Object.keys(err.fields).length) setFields(err.fields);
      else setError(errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('rooms.createTitle')} open={open} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField label={t('rooms.name')} value={name} onChange={(e) => setName(e.target.value)} error={fieldErrorText(t, fields.name)} required maxLength={80} data-testid="room-name" />
        <TextField label={t('rooms.topic')} value={topic} onChange={(e) => setTopic(e.target.value)} error={fieldErrorText(t, fields.topic)} required maxLength={120} data-testid="room-topic" />
        <TextArea label={t('rooms.description')} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldErrorText(t, fields.description)} rows={3} />
        <fieldset className="radio-group">
          <legend>{t('rooms.visibility')}</legend>
          <label>
            <input type="radio" name="visibility" value="public" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
            <span>
              <strong>{t('rooms.public')}</strong> <span className="muted">{t('rooms.publicHint')}</span>
            </span>
          </label>
          <label>
            <input type="radio" name="visibility" value="private" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            <span>
              <strong>{t('rooms.private')}</strong> <span className="muted">{t('rooms.privateHint')}</span>
            </span>
          </label>
        </fieldset>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <FormActions onCancel={onClose} busy={busy} submitLabel={t('rooms.createSubmit')} submitTestId="create-room-submit" />
      </form>
    </Dialog>
  );
}
