/** @jest-environment jsdom */
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import i18n, { setLanguage } from '../../client/src/i18n';
import { ChipInput } from '../../client/src/components/ChipInput';
import { ConnectionLine } from '../../client/src/components/ConnectionLine';
import { LanguageSwitch } from '../../client/src/components/LanguageSwitch';
import { renderMarkdown } from '../../client/src/components/Markdown';

function Chips() {
  const [value, setValue] = useState<string[]>(['React']);
  return <ChipInput label="Skills" value={value} onChange={setValue} />;
}

beforeEach(async () => {
  await act(async () => setLanguage('en'));
});

test('chips: Enter and comma add, duplicates are ignored, × and Backspace remove', () => {
  render(<Chips />);
  const input = screen.getByLabelText('Skills', { selector: 'input' });
  fireEvent.change(input, { target: { value: 'Sales' } });
  fireEvent.keyDown(input, { key: 'Enter' });
  fireEvent.change(input, { target: { value: 'GPU hours,' } });
  fireEvent.change(input, { target: { value: 'react' } });
  fireEvent.keyDown(input, { key: 'Enter' });
  expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['React×', 'Sales×', 'GPU hours×']);
  fireEvent.click(screen.getByRole('button', { name: 'Remove Sales' }));
  fireEvent.keyDown(input, { key: 'Backspace' });
  expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['React×']);
});

test('the language switch changes the UI text and is remembered', async () => {
  render(
    <>
      <LanguageSwitch />
      <ConnectionLine status="reconnecting" />
    </>,
  );
  expect(screen.getByTestId('connection-status').textContent).toBe('Reconnecting…');
  await act(async () => {
    fireEvent.change(screen.getByLabelText('Language'), { target: { value: 'zh' } });
  });
  expect(i18n.language).toBe('zh');
  expect(localStorage.getItem('cohort.lang')).toBe('zh');
  expect(document.documentElement.lang).toBe('zh-CN');
  expect(screen.getByTestId('connection-status').textContent).toBe('正在重新连接…');
  expect(screen.getByLabelText('语言')).toBeTruthy();
});

test('markdown is rendered, and nothing executable survives sanitizing', () => {
  const html = renderMarkdown('**bold** [x](javascript:alert(1)) <img src=x onerror="alert(1)"><script>alert(2)</script> <a href="https://e.com" onclick="x()">e</a>');
  expect(html).toContain('<strong>bold</strong>');
  expect(html).not.toMatch(/onerror|onclick|<script|javascript:/i);
  const box = document.createElement('div');
  box.innerHTML = html;
  expect(box.querySelector('img')).not.toBeNull();
});
