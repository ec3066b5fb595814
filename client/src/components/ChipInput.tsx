import { useId, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  value: string[];
  onChange(next: string[]): void;
  placeholder?: string;
  error?: string;
  max?: number;
  hint?: string;
}

/** A list entered as chips: Enter or comma adds, Backspace on empty removes the last, × removes one. */
export function ChipInput({ label, value, onChange, placeholder, error, max = 20, hint }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');

  const add = (raw: string) => {
    const item = raw.trim().slice(0, 80);
    if (!item || value.length >= max) return;
    if (value.some((v) => v.toLowerCase() === item.toLowerCase())) {
      setDraft('');
      return;
    }
    onChange([...value, item]);
    setDraft('');
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',' || e.key === '，') {
      e.preventDefault();
      add(draft);
    } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className={`chips ${error ? 'has-error' : ''}`}>
        <ul className="chip-list" aria-label={label}>
          {value.map((item) => (
            <li key={item} className="chip">
              <span>{item}</span>
              <button type="button" className="chip-remove" aria-label={t('chips.remove', { item })} onClick={() => onChange(value.filter((v) => v !== item))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={draft}
          placeholder={placeholder ?? t('chips.placeholder')}
          onChange={(e) => {
            const v = e.target.value;
            if (/[,，]$/.test(v)) add(v.slice(0, -1));
            else setDraft(v);
          }}
          onKeyDown={onKeyDown}
          onBlur={() => draft.trim() && add(draft)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : hint ? `${id}-hint` : undefined}
        />
      </div>
      {hint && !error && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-err`}>{error}</p>}
    </div>
  );
}
