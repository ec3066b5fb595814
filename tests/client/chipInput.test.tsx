/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { setLanguage } from '../../client/src/i18n';
import { ChipInput } from '../../client/src/components/ChipInput';
import { addChips, splitChips } from '../../client/src/components/chipSplit';

function Chips({ initial = [] as string[], max }: { initial?: string[]; max?: number }) {
  const [value, setValue] = useState<string[]>(initial);
  return <ChipInput label="Languages" value={value} onChange={setValue} max={max} />;
}
const chips = () => screen.queryAllByRole('listitem').map((li) => li.querySelector('span')!.textContent);
const input = () => screen.getByLabelText('Languages', { selector: 'input' }) as HTMLInputElement;

beforeEach(async () => {
  await act(async () => setLanguage('en'));
});

test('splitChips splits on , ， 、 ; ； and newlines, trimming and dropping empties', () => {
  expect(splitChips('中文, English')).toEqual(['中文', 'English']);
  expect(splitChips('产品，设计、运营;growth；sales\nops\r\nfinance,, ,')).toEqual(['产品', '设计', '运营', 'growth', 'sales', 'ops', 'finance']);
  expect(splitChips('  ')).toEqual([]);
});

test('addChips skips case-insensitive duplicates, cuts long items and stops at max', () => {
  expect(addChips(['React'], ['react', 'Go', 'go', 'Rust'], 3)).toEqual(['React', 'Go', 'Rust']);
  expect(addChips([], ['x'.repeat(100)], 5)[0]).toHaveLength(80);
  expect(addChips(['a', 'b'], ['c', 'd'], 3)).toEqual(['a', 'b', 'c']);
});

test('Enter while an IME is composing does not add the pinyin; Enter after composition adds the word', () => {
  render(<Chips />);
  const el = input();
  fireEvent.compositionStart(el);
  fireEvent.change(el, { target: { value: 'chanpin' } });
  fireEvent.keyDown(el, { key: 'Enter', keyCode: 229 });
  fireEvent.keyDown(el, { key: 'Enter', isComposing: true });
  fireEvent.keyDown(el, { key: 'Enter' }); // some browsers send a plain Enter before compositionend
  expect(chips()).toEqual([]);
  fireEvent.change(el, { target: { value: '产品' } });
  fireEvent.compositionEnd(el, { data: '产品' });
  expect(chips()).toEqual([]);
  expect(el.value).toBe('产品');
  fireEvent.keyDown(el, { key: 'Enter' });
  expect(chips()).toEqual(['产品']);
  expect(el.value).toBe('');
});

test('a full-width comma committed by the IME ends the chip', () => {
  render(<Chips />);
  const el = input();
  fireEvent.compositionStart(el);
  fireEvent.change(el, { target: { value: '设计，' } });
  expect(chips()).toEqual([]);
  fireEvent.compositionEnd(el, { data: '设计，' });
  expect(chips()).toEqual(['设计']);
  expect(el.value).toBe('');
});

test('pasting "中文, English" makes two chips; a paste without separators is plain text', () => {
  render(<Chips initial={['English']} />);
  const el = input();
  fireEvent.paste(el, { clipboardData: { getData: () => '中文, English、日本語\nDeutsch' } });
  expect(chips()).toEqual(['English', '中文', '日本語', 'Deutsch']);
  const plain = fireEvent.paste(el, { clipboardData: { getData: () => 'Français' } });
  expect(plain).toBe(true); // not prevented: the browser inserts it into the draft
  expect(chips()).toHaveLength(4);
});

test('typed separators and Enter add; Backspace on empty removes the last', () => {
  render(<Chips />);
  const el = input();
  fireEvent.change(el, { target: { value: 'Go;' } });
  fireEvent.change(el, { target: { value: 'Rust、Zig' } });
  expect(chips()).toEqual(['Go', 'Rust']);
  expect(el.value).toBe('Zig');
  fireEvent.keyDown(el, { key: 'Enter' });
  expect(chips()).toEqual(['Go', 'Rust', 'Zig']);
  fireEvent.keyDown(el, { key: 'Backspace' });
  expect(chips()).toEqual(['Go', 'Rust']);
});
