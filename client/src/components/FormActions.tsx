import { useTranslation } from 'react-i18next';

interface FormActionsProps {
  /** Text of the submit button (defaults to "Save"). */
  submitLabel?: string;
  onCancel: () => void;
  busy?: boolean;
  /** The compact variant used inside lists (message and reply edits). */
  small?: boolean;
  submitTestId?: string;
}

/** The Cancel / submit row that ends every form, so they all look and behave alike. */
export function FormActions({ submitLabel, onCancel, busy, small, submitTestId }: FormActionsProps) {
  const { t } = useTranslation();
  const size = small ? ' btn-small' : '';
  return (
    <div className="form-actions">
      <button type="button" className={`btn btn-ghost${size}`} onClick={onCancel}>
        {t('common.cancel')}
      </button>
      <button type="submit" className={`btn btn-primary${size}`} disabled={busy} data-testid={submitTestId}>
        {submitLabel ?? t('common.save')}
      </button>
    </div>
  );
}
