import { useTranslation } from 'react-i18next';
import { Link } from 'wouter';
import { ApiError } from '../api/http';

/** The hub's answer means "no such thing": a 404, or a socket ack's `not_found`. */
export function isNotFound(error: unknown): boolean {
  if (error instanceof ApiError) return error.status === 404;
  return typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'not_found';
}

/** A not-found page: says so plainly and offers a way on (instead of "Something went wrong"). */
export function NotFound({ text }: { text?: string }) {
  const { t } = useTranslation();
  return (
    <div className="page narrow not-found" data-testid="not-found">
      <h1>{t('errors.notFoundTitle')}</h1>
      <p className="muted">{text ?? t('errors.pageNotFound')}</p>
      <Link href="/" className="btn btn-primary">
        {t('errors.goHome')}
      </Link>
    </div>
  );
}
