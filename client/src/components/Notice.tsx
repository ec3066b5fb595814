import { useTranslation } from 'react-i18next';
import { ApiError, isUnavailable } from '../api/http';

/** A short status message: loading, empty, or an error explained in the user's language. */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'error' | 'warn'; children: React.ReactNode }) {
  return (
    <div className={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

export function ErrorNotice({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === null || error === undefined) return null;
  return <Notice kind={isUnavailable(error) ? 'warn' : 'error'}>{errorText(t, error)}</Notice>;
}

/** A user-facing sentence for an error, translated by code where we know it. */
export function errorText(t: (key: string, opts?: Record<string, unknown>) => string, error: unknown): string {
  if (error instanceof ApiError) {
    switch (error.status) {
      case 0:
        return t('errors.network');
      case 401:
        return t('errors.unauthorized');
      case 403:
        return t('errors.forbidden');
      case 404:
        return t('errors.notFound');
      case 409:
        return error.code === 'username_taken' ? t('errors.usernameTaken') : t('errors.conflict');
      case 413:
        return t('errors.tooLarge');
      case 429:
        return t('errors.rateLimited', { seconds: error.retryAfterSeconds ?? 10 });
      case 503:
        return t('errors.unavailable');
      case 400:
        return t('errors.validation');
      default:
        return t('errors.generic');
    }
  }
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = String((error as { code: unknown }).code);
    if (code === 'timeout') return t('errors.network');
    if (code === 'not_found') return t('errors.notFound');
    if (code === 'forbidden') return t('errors.forbidden');
    if (code === 'rate_limited') return t('errors.rateLimited', { seconds: 5 });
  }
  return t('errors.generic');
}

const FIELD_PATTERNS: Array<[RegExp, string]> = [
  [/^must not be empty$/, 'fieldErrors.required'],
  [/^must be at least (\d+) characters$/, 'fieldErrors.min'],
  [/^must be at most (\d+) characters$/, 'fieldErrors.max'],
  [/^must be 3-32 characters/, 'fieldErrors.username'],
  [/already taken|taken/, 'fieldErrors.taken'],
  [/^is not your current password$/, 'password.wrongCurrent'],
];

/** Translates the server's per-field messages we recognise; others are shown as the server wrote them. */
export function fieldErrorText(t: (key: string, opts?: Record<string, unknown>) => string, message: string | undefined): string | undefined {
  if (!message) return undefined;
  for (const [re, key] of FIELD_PATTERNS) {
    const m = re.exec(message);
    if (m) return t(key, { n: m[1] });
  }
  return message;
}
