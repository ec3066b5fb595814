/** @jest-environment jsdom */
import { act, renderHook } from '@testing-library/react';
import { ApiError } from '../../client/src/api/http';
import { setLanguage } from '../../client/src/i18n';
import { useFormSubmit } from '../../client/src/hooks/useFormSubmit';

const invalid = () => new ApiError(400, 'validation_failed', 'invalid', { title: 'must not be empty' });

beforeEach(async () => {
  await act(async () => setLanguage('en'));
});

test('busy while the action runs; the hub per-field problems go to their fields', async () => {
  const { result } = renderHook(() => useFormSubmit());
  let finish!: (err?: unknown) => void;
  let running!: Promise<void>;
  act(() => {
    running = result.current.run(() => new Promise<void>((resolve, reject) => (finish = (err) => (err ? reject(err) : resolve()))));
  });
  expect(result.current.busy).toBe(true);
  await act(async () => {
    finish(invalid());
    await running;
  });
  expect(result.current).toMatchObject({ busy: false, fields: { title: 'must not be empty' }, error: null });
});

test('other failures are one sentence, and the next submit clears the last failure', async () => {
  const { result } = renderHook(() => useFormSubmit());
  await act(() =>
    result.current.run(async () => {
      throw new ApiError(409, 'conflict', 'taken');
    }),
  );
  expect(result.current).toMatchObject({ fields: {}, error: 'That clashes with existing data.' });
  await act(() => result.current.run(async () => undefined));
  expect(result.current).toMatchObject({ busy: false, fields: {}, error: null });
});

test('a form reads some failures itself, after the per-field problems and before the generic sentence', async () => {
  const explain = (err: unknown) => (err instanceof ApiError && err.status === 401 ? { error: 'Wrong password.' } : undefined);
  const { result } = renderHook(() => useFormSubmit({ explain }));
  await act(() =>
    result.current.run(async () => {
      throw new ApiError(401, 'unauthorized', 'no');
    }),
  );
  expect(result.current.error).toBe('Wrong password.');
  await act(() =>
    result.current.run(async () => {
      throw invalid();
    }),
  );
  expect(result.current).toMatchObject({ fields: { title: 'must not be empty' }, error: null });
  await act(() =>
    result.current.run(async () => {
      throw new Error('boom');
    }),
  );
  expect(result.current).toMatchObject({ fields: {}, error: 'Something went wrong. Please try again.' });
});

test('a form without fields says every failure as a sentence; a long form can say both', async () => {
  const plain = renderHook(() => useFormSubmit({ perField: false }));
  await act(() =>
    plain.result.current.run(async () => {
      throw invalid();
    }),
  );
  expect(plain.result.current).toMatchObject({ fields: {}, error: 'Please fix the highlighted fields.' });

  const both = renderHook(() => useFormSubmit({ fieldsNotice: 'See below.' }));
  await act(() =>
    both.result.current.run(async () => {
      throw invalid();
    }),
  );
  expect(both.result.current).toMatchObject({ fields: { title: 'must not be empty' }, error: 'See below.' });
});
