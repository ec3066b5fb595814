import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { NotebookDetailView, NotebookRoleName, PublicUser } from '@cohort/shared';
import { api } from '../../api/http';
import { Avatar } from '../../components/Avatar';
import { Dialog } from '../../components/Dialog';
import { PersonPicker } from '../../components/PersonPicker';
import { useFormSubmit } from '../../hooks/useFormSubmit';

/** Who may see and edit the notebook: its visibility, its members' roles, adding people (owner only). */
export function ShareDialog({ open, onClose, notebook, onChanged }: { open: boolean; onClose(): void; notebook: NotebookDetailView; onChanged(): Promise<void> }) {
  const { t } = useTranslation();
  const [role, setRole] = useState<'editor' | 'viewer'>('editor');
  const submit = useFormSubmit({ perField: false });
  const { busy, error } = submit;
  const isOwner = notebook.role === 'owner';

  const run = (fn: () => Promise<unknown>) =>
    submit.run(async () => {
      await fn();
      await onChanged();
    });
  const setMemberRole = (user: PublicUser, next: NotebookRoleName | 'none') => run(() => api('PUT', `/api/notebooks/${notebook.id}/members/${user.id}`, { role: next }));

  return (
    <Dialog title={t('notebooks.shareTitle')} open={open} onClose={onClose}>
      <fieldset className="radio-group">
        <legend>{t('notebooks.visibility')}</legend>
        {(['private', 'community'] as const).map((v) => (
          <label key={v}>
            <input
              type="radio"
              name="nb-visibility"
              checked={notebook.visibility === v}
              disabled={!isOwner || busy}
              onChange={() => void run(() => api('PATCH', `/api/notebooks/${notebook.id}`, { visibility: v }))}
            />
            <span>
              <strong>{t(`notebooks.visibility_${v}`)}</strong> <span className="muted">{t(`notebooks.visibilityHint_${v}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <h3>{t('notebooks.members')}</h3>
      <ul className="member-rows">
        {(notebook.members ?? []).map((m) => (
          <li key={m.user.id}>
            <Avatar id={m.user.id} name={m.user.displayName} size={26} />
            <span className="member-name">
              {m.user.displayName} <span className="muted">@{m.user.username}</span>
            </span>
            {isOwner && m.role !== 'owner' ? (
              <>
                <label className="visually-hidden" htmlFor={`role-${m.user.id}`}>
                  {t('notebooks.roleFor', { name: m.user.displayName })}
                </label>
                <select id={`role-${m.user.id}`} value={m.role} disabled={busy} onChange={(e) => void setMemberRole(m.user, e.target.value as NotebookRoleName | 'none')}>
                  <option value="editor">{t('notebooks.role_editor')}</option>
                  <option value="viewer">{t('notebooks.role_viewer')}</option>
                  <option value="none">{t('notebooks.removeMember')}</option>
                </select>
              </>
            ) : (
              <span className="pill">{t(`notebooks.role_${m.role}`)}</span>
            )}
          </li>
        ))}
      </ul>
      {isOwner && (
        <>
          <h3>{t('notebooks.addPeople')}</h3>
          <label htmlFor="share-role">{t('notebooks.newMemberRole')}</label>
          <select id="share-role" value={role} onChange={(e) => setRole(e.target.value as 'editor' | 'viewer')}>
            <option value="editor">{t('notebooks.role_editor')}</option>
            <option value="viewer">{t('notebooks.role_viewer')}</option>
          </select>
          <PersonPicker busy={busy} exclude={(notebook.members ?? []).map((m) => m.user.id)} submitLabel={t('notebooks.add')} onPick={(u) => setMemberRole(u, role)} />
        </>
      )}
      {!isOwner && <p className="muted">{t('notebooks.onlyOwnerShares')}</p>}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
