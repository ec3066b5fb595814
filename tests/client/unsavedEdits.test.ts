import { unsavedEdits } from '../../client/src/features/notebooks/unsavedEdits';

const cell = (id: string, source: string) => ({ id, type: 'markdown' as const, lang: '', source });

test('a cell whose text differs from the hub, or that the hub lacks, is unsaved; equal and empty cells are not', () => {
  const hub = { title: 'Plan', cells: [cell('a', '# Heading'), cell('b', 'same')] };
  const local = { title: 'Plan', cells: [cell('a', '# Heading and more I typed'), cell('b', 'same'), cell('c', 'a new cell'), cell('d', '  ')] };
  expect(unsavedEdits(local, hub)).toEqual([
    { index: 0, text: '# Heading and more I typed' },
    { index: 2, text: 'a new cell' },
  ]);
});

test('a changed title is unsaved too; nothing differs, nothing is listed', () => {
  const hub = { title: 'Plan', cells: [cell('a', 'x')] };
  expect(unsavedEdits({ title: 'Plan v2', cells: [cell('a', 'x')] }, hub)).toEqual([{ index: null, text: 'Plan v2' }]);
  expect(unsavedEdits(hub, hub)).toEqual([]);
});
