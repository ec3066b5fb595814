import type { PublicUser, VersionView } from '@cohort/shared';
import type { VersionRecord } from '../../store/ports';

/** A saved version without its state; `author` is null for versions the server took by itself. */
export function presentVersion(record: VersionRecord, author: PublicUser | null): VersionView {
  return { id: record.id, label: record.label, createdAt: record.createdAt, author, auto: record.auto };
}
