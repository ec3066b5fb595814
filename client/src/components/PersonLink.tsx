import type { ReactNode } from 'react';
import { Link } from 'wouter';
import type { PublicUser } from '@cohort/shared';
import { personHref } from '../api/people';
import { Avatar } from './Avatar';

/** A person's name (or anything else given) linking to their page. */
export function PersonLink({ user, children, className }: { user: Pick<PublicUser, 'username' | 'displayName'>; children?: ReactNode; className?: string }) {
  return (
    <Link href={personHref(user)} className={className ? `person-link ${className}` : 'person-link'} data-testid="person-link">
      {children ?? user.displayName}
    </Link>
  );
}

/** A person's avatar linking to their page; the name beside it says who it is, so the link is hidden from screen readers' tab order. */
export function PersonAvatar({ user, size }: { user: PublicUser; size?: number }) {
  return (
    <Link href={personHref(user)} className="person-avatar" tabIndex={-1} aria-hidden="true">
      <Avatar id={user.id} name={user.displayName} size={size} />
    </Link>
  );
}
