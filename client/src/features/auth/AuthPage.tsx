import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../../api/http';
import { TextField } from '../../components/Field';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { fieldErrorText } from '../../components/Notice';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { useSession } from '../../hooks/useSession';

export function AuthPage({ mode }: { mode: 'signIn' | 'signUp' }) {
  const { t } = useTranslation();
  const { signIn, signUp } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [displayName, setDisplayName] = useState('');
  const { busy, fields, error, run } = useFormSubmit({
    explain: (err) =>
      err instanceof ApiError && err.code === 'username_taken' ? { fields: { username: t('fieldErrors.taken') } }
      : err instanceof ApiError && err.status === 401 ? { error: t('auth.wrongCredentials') }
      : undefined,
  });
  const signingUp = mode === 'signUp';
  const next = typeof window !== 'undefined' ? window.location.search : '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      if (signingUp) await signUp(username, password, displayName);
      else await signIn(username, password);
    });
  };

  return (
    <div className="auth-page">
      <div className="auth-top">
        <span className="brand">
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <LanguageSwitch />
      </div>
      <main className="auth-card" id="main">
        <h1>{signingUp ? t('auth.signUpTitle') : t('auth.signInTitle')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <form onSubmit={submit} noValidate>
          <TextField
            label={t('auth.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            error={fieldErrorText(t, fields.username)}
            hint={signingUp ? t('auth.usernameHint') : undefined}
            required
          />
          {signingUp && (
            <TextField
              label={t('auth.displayName')}
              name="displayName"
              autoComplete="name"
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
              error={fieldErrorText(t, fields.displayName)}
              required
            />
          )}
          <TextField
            label={t('auth.password')}
            name="password"
            type="password"
            autoComplete={signingUp ? 'new-password' : 'current-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldErrorText(t, fields.password)}
            hint={signingUp ? t('auth.passwordHint') : undefined}
            required
          />
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="btn btn-primary btn-block" disabled={busy} data-testid="auth-submit">
            {busy ? t('common.working') : signingUp ? t('auth.signUp') : t('auth.signIn')}
          </button>
        </form>
        <p className="auth-switch">
          {signingUp ? t('auth.haveAccount') : t('auth.noAccount')}{' '}
          <Link href={`${signingUp ? '/signin' : '/signup'}${next}`}>{signingUp ? t('auth.signIn') : t('auth.signUp')}</Link>
        </p>
      </main>
    </div>
  );
}
