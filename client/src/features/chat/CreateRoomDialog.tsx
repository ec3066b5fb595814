import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomView } from '@cohort/shared';
import { api } from '../../api/http';
import { Dialog } from '../../components/Dialog';
import { TextArea, TextField } from '../../components/Field';
import { FormActions } from '../../components/FormActions';
import { fieldErrorText } from '../../components/Notice';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** The form for a new room: name, topic, description, public or private. */
export function CreateRoomDialog({ open, onClose, onCreated }: { open: boolean; onClose(): void; onCreated(room: RoomView): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [topic, setTopic] = useState('');
  const [description, setDescription] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'private'>('public');
  const { busy, fields, error, run } = useFormSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      const room = await api<RoomView>('POST', '/api/rooms', { name, topic, description, visibility });
      setName('');
      setTopic('');
      setDescription('');
      onCreated(room);
    });
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
