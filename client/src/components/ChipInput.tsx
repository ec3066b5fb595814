import { useId, useRef, useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { addChips, CHIP_SEPARATORS, splitChips } from './chipSplit';

interface Props {
  label: string;
  value: string[];
  onChange(next: string[]): void;
  placeholder?: string;
  error?: string;
  max?: number;
  hint?: string;
}

/**
 * A list entered as chips: Enter or a separator (, ， 、 ; newline) adds, a paste is split on the separators,
 * Backspace on empty removes the last, × removes one. While an IME is composing, Enter and the separators
 * belong to the IME (Enter there confirms the pinyin, it is not a chip).
 */
export function ChipInput({ label, value, onChange, placeholder, error, max = 20, hint }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const [draft, setDraft] = useState('');
  const composing = useRef(false);

  const addAll = (raw: string) => {
    const items = splitChips(raw);
    setDraft('');
    if (items.length === 0) return;
    const next = addChips(value, items, max);
    if (next.length !== value.length) onChange(next);
  };

  // Text holding a separator: the pieces before the last separator become chips, what follows stays typed.
  const takeTyped = (v: string) => {
    const parts = v.split(CHIP_SEPARATORS);
    const rest = parts.pop() ?? '';
    addAll(parts.join(','));
    setDraft(rest);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    // keyCode 229 is the key event an IME sends while it owns the key (Safari ends composition before keydown).
    if (composing.current || e.nativeEvent.isComposing || e.keyCode === 229) return;
    if (e.key === 'Enter' || e.key === ',' || e.key === '，' || e.key === '、' || e.key === ';' || e.key === '；') {
      e.preventDefault();
      addAll(draft);
    } else if (e.key === 'Backspace' && draft === '' && value.length > 0) {
      onChange(value.slice(0, -1));
    }
  };

  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (!CHIP_SEPARATORS.test(pasted)) return;
    e.preventDefault();
    const el = e.currentTarget;
    const start = el.selectionStart ?? draft.length;
    const end = el.selectionEnd ?? draft.length;
    addAll(draft.slice(0, start) + pasted + draft.slice(end));
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
            // A separator typed through an IME (the full-width comma) arrives as text, not as a key.
            if (!composing.current && CHIP_SEPARATORS.test(v)) {
              takeTyped(v);
            } else setDraft(v);
          }}
          onCompositionStart={() => {
            composing.current = true;
          }}
          onCompositionEnd={(e) => {
            composing.current = false;
            const v = e.currentTarget.value;
            if (CHIP_SEPARATORS.test(v)) {
              takeTyped(v);
            }
          }}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => draft.trim() && addAll(draft)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : hint ? `${id}-hint` : undefined}
        />
      </div>
      {hint && !error && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-err`}>{error}</p>}
    </div>
  );
}
