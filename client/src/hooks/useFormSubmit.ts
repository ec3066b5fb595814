import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/http';
import { errorText } from '../components/Notice';

/** How a failed submit is shown: the problem fields, one sentence for the whole form, or both. */
export interface SubmitFailure {
  fields?: Record<string, string>;
  error?: string;
}

interface Options {
  /** The form shows the hub's per-field problems beside its fields (default); else every failure is one sentence. */
  perField?: boolean;
  /** Also said for the whole form when the hub names problem fields (a long form whose fields may be out of view). */
  fieldsNotice?: string;
  /** A form's own reading of some failures, asked after the per-field problems and before the generic sentence. */
  explain?(err: unknown): SubmitFailure | undefined;
}

/**
 * A form's submit: `run` marks it busy, clears the last failure, runs the action and shows how it failed, if
 * it did. Every form that talks to the hub goes through it, so they all fail alike.
 */
export function useFormSubmit({ perField = true, fieldsNotice, explain }: Options = {}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const run = async (action: () => Promise<void>): Promise<void> => {
    setBusy(true);
    setFields({});
    setError(null);
    try {
      await action();
    } catch (err) {
      const failure: SubmitFailure = (perField && err instanceof ApiError && Object.keys(err.fields).length > 0 ? { fields: err.fields, error: fieldsNotice } : explain?.(err)) ?? {};
      if (failure.fields) setFields(failure.fields);
      if (failure.error || !failure.fields) setError(failure.error ?? errorText(t, err));
    } finally {
      setBusy(false);
    }
  };

  return { busy, fields, error, run };
}
