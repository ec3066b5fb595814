import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/http';
import { TextField } from '../../components/Field';
import { fieldErrorText } from '../../components/Notice';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** Changes the password; the hub ends every other session (their tabs and sockets close). */
export function PasswordForm() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [saved, setSaved] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const { busy, fields, error, run } = useFormSubmit();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    setMismatch(next !== repeat);
    if (next !== repeat) return;
    await run(async () => {
      await api('POST', '/api/me/password', { currentPassword: current, newPassword: next });
      setCurrent('');
      setNext('');
      setRepeat('');
      setSaved(true);
    });
  };

  return (
    <form onSubmit={submit} className="profile-form" noValidate data-testid="password-form">
      <section className="form-section">
        <h2>{t('password.title')}</h2>
        <p className="muted">{t('password.hint')}</p>
        <div className="form-grid">
          <TextField label={t('password.current')} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} error={fieldErrorText(t, fields.currentPassword)} required />
          <TextField label={t('password.next')} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} error={fieldErrorText(t, fields.newPassword)} minLength={8} required />
          <TextField label={t('password.repeat')} type="password" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.target.value)} error={mismatch ? t('password.mismatch') : undefined} required />
        </div>
      </section>
      <div className="form-actions">
        {(error || saved) && (
          <p className={saved ? 'form-ok' : 'form-error'} role={saved ? 'status' : 'alert'} data-testid="password-message">
            {saved ? t('password.saved') : error}
          </p>
        )}
        <button type="submit" className="btn" disabled={busy || !current || !next || !repeat} data-testid="password-save">
          {busy ? t('common.working') : t('password.save')}
        </button>
      </div>
    </form>
  );
}
