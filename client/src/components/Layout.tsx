import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'wouter';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { useSession } from '../hooks/useSession';
import { useSocket } from '../hooks/useSocket';
import { Avatar } from './Avatar';
import { ConnectionLine } from './ConnectionLine';
import { LanguageSwitch } from './LanguageSwitch';

const NAV = [
  ['/', 'nav.home'],
  ['/rooms', 'nav.rooms'],
  ['/threads', 'nav.threads'],
  ['/notebooks', 'nav.notebooks'],
  ['/matches', 'nav.matches'],
  ['/people', 'directory.nav'],
  ['/search', 'nav.search'],
  ['/map', 'nav.map'],
] as const;

export function Layout({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const { user, signOut } = useSession();
  const { status } = useSocket();
  const [location] = useLocation();
  // Narrow screens fold the nav into a menu (no sideways-scrolling row that hides links); it closes on navigating.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [location]);
  const active = (href: string) => (href === '/' ? location === '/' : location === href || location.startsWith(`${href}/`));

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="topbar">
        <Link href="/" className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">◆</span>
          <span className="brand-name">{t('app.name')}</span>
        </Link>
        <button type="button" className="btn btn-ghost btn-small nav-toggle" aria-expanded={menuOpen} aria-controls="mainnav" aria-label={t('nav.menu')} onClick={() => setMenuOpen((o) => !o)} data-testid="nav-toggle">
          <span aria-hidden="true">☰</span> <span className="nav-toggle-label">{t('nav.menu')}</span>
        </button>
        <nav id="mainnav" className={`mainnav ${menuOpen ? 'open' : ''}`} aria-label={t('nav.main')}>
          <ul>
            {NAV.map(([href, key]) => (
              <li key={href}>
                <Link href={href} className={active(href) ? 'active' : ''} aria-current={active(href) ? 'page' : undefined}>
                  {t(key)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="topbar-end">
          <ConnectionLine status={status} compact />
          <LanguageSwitch />
          {user && (
            <>
              <NotificationBell />
              <Link href="/profile" className={`me-link ${active('/profile') ? 'active' : ''}`} aria-label={t('nav.profile')} data-testid="profile-link">
                <Avatar id={user.id} name={user.displayName} size={28} />
                <span className="me-name">{user.displayName}</span>
              </Link>
              <button type="button" className="btn btn-ghost btn-small" onClick={() => void signOut()} data-testid="sign-out">
                {t('auth.signOut')}
              </button>
            </>
          )}
        </div>
      </header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

/** A page heading row with optional actions. */
export function PageHeader({ title, children, subtitle }: { title: string; subtitle?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <div>
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
      </div>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
