import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PublicProfile } from '@cohort/shared';
import { api } from '../../api/http';
import { ChipInput } from '../../components/ChipInput';
import { TextArea, TextField } from '../../components/Field';
import { PageHeader } from '../../components/Layout';
import { fieldErrorText } from '../../components/Notice';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { useSession } from '../../hooks/useSession';
import { PasswordForm } from './PasswordForm';

type ListField = 'skills' | 'interests' | 'offers' | 'needs' | 'languages' | 'lookingFor';
const LISTS: ListField[] = ['skills', 'interests', 'offers', 'needs', 'languages', 'lookingFor'];

const numberOrNull = (s: string): number | null => (s.trim() === '' ? null : Number(s));

export function ProfilePage() {
  const { t } = useTranslation();
  const { profile, user, setProfile } = useSession();
  const [form, setForm] = useState<PublicProfile>(() => profile!);
  const [hours, setHours] = useState(profile?.hoursPerWeek?.toString() ?? '');
  const [minHours, setMinHours] = useState(profile?.preferences.minHoursPerWeek?.toString() ?? '');
  const [maxTz, setMaxTz] = useState(profile?.preferences.maxTimezoneDiffHours?.toString() ?? '');
  const { busy, fields, error, run } = useFormSubmit({ fieldsNotice: t('errors.validation') });
  const [saved, setSaved] = useState<string | null>(null);
  const message = error ? { kind: 'error', text: error } : saved ? { kind: 'ok', text: saved } : null;
  const tzList = useId();
  const zones = (() => {
    try {
      return (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    } catch {
      return [];
    }
  })();

  const set = <K extends keyof PublicProfile>(key: K, value: PublicProfile[K]) => setForm((f) => ({ ...f, [key]: value }));

  const save = async (e: FormEvent) => {
    e.preventDefault();
    await run(async () => {
      setSaved(null);
      const answer = await api<PublicProfile>('PUT', '/api/me/profile', {
        bio: form.bio,
        role: form.role,
        stage: form.stage,
        skills: form.skills,
        interests: form.interests,
        offers: form.offers,
        needs: form.needs,
        languages: form.languages,
        lookingFor: form.lookingFor,
        timezone: form.timezone,
        hoursPerWeek: numberOrNull(hours),
        preferences: {
          requireSharedLanguage: form.preferences.requireSharedLanguage,
          minHoursPerWeek: numberOrNull(minHours),
          maxTimezoneDiffHours: numberOrNull(maxTz),
        },
      });
      setProfile(answer);
      setForm(answer);
      setSaved(t('profile.saved'));
    });
  };

  const listError = (key: ListField) => fieldErrorText(t, Object.entries(fields).find(([k]) => k === key || k.startsWith(`${key}.`))?.[1]);

  return (
    <div className="page narrow">
      <PageHeader title={t('profile.title')} subtitle={user ? `${user.displayName} · @${user.username}` : undefined} />
      <form onSubmit={save} className="profile-form" noValidate>
        <section className="form-section">
          <h2>{t('profile.about')}</h2>
          <TextArea label={t('profile.bio')} value={form.bio} onChange={(e) => set('bio', e.target.value)} rows={4} error={fieldErrorText(t, fields.bio)} maxLength={2000} />
          <div className="form-grid">
            <TextField label={t('profile.role')} value={form.role} onChange={(e) => set('role', e.target.value)} placeholder={t('profile.rolePlaceholder')} error={fieldErrorText(t, fields.role)} data-testid="profile-role" />
            <TextField label={t('profile.stage')} value={form.stage} onChange={(e) => set('stage', e.target.value)} placeholder={t('profile.stagePlaceholder')} error={fieldErrorText(t, fields.stage)} />
            <TextField label={t('profile.hoursPerWeek')} type="number" min={0} max={168} inputMode="numeric" value={hours} onChange={(e) => setHours(e.target.value)} error={fieldErrorText(t, fields.hoursPerWeek)} data-testid="profile-hours" />
            <TextField label={t('profile.timezone')} value={form.timezone} onChange={(e) => set('timezone', e.target.value)} list={tzList} placeholder="Asia/Shanghai" error={fieldErrorText(t, fields.timezone)} data-testid="profile-timezone" />
            <datalist id={tzList}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>
        </section>
        <section className="form-section">
          <h2>{t('profile.lists')}</h2>
          {LISTS.map((key) => (
            <ChipInput key={key} label={t(`profile.${key}`)} value={form[key]} onChange={(v) => set(key, v)} error={listError(key)} placeholder={t(`profile.${key}Placeholder`)} />
          ))}
        </section>
        <section className="form-section">
          <h2>{t('profile.mustHaves')}</h2>
          <p className="muted">{t('profile.mustHavesHint')}</p>
          <label className="checkbox">
            <input type="checkbox" checked={form.preferences.requireSharedLanguage} onChange={(e) => set('preferences', { ...form.preferences, requireSharedLanguage: e.target.checked })} />
            <span>{t('profile.requireSharedLanguage')}</span>
          </label>
          <div className="form-grid">
            <TextField label={t('profile.minHoursPerWeek')} type="number" min={0} max={168} value={minHours} onChange={(e) => setMinHours(e.target.value)} error={fieldErrorText(t, fields['preferences.minHoursPerWeek'])} />
            <TextField label={t('profile.maxTimezoneDiffHours')} type="number" min={0} max={24} value={maxTz} onChange={(e) => setMaxTz(e.target.value)} error={fieldErrorText(t, fields['preferences.maxTimezoneDiffHours'])} />
          </div>
        </section>
        <div className="form-actions sticky-actions">
          {message && (
            <p className={message.kind === 'ok' ? 'form-ok' : 'form-error'} role={message.kind === 'ok' ? 'status' : 'alert'} data-testid="profile-message">
              {message.text}
            </p>
          )}
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="profile-save">
            {busy ? t('common.working') : t('common.save')}
          </button>
        </div>
      </form>
      <PasswordForm />
    </div>
  );
}
