import type { SearchResult } from '@cohort/shared';
import { closeResults, highlightParts, plainSnippet, queryTerms } from '../../client/src/features/search/searchView';

const r = (id: string, score: number): SearchResult => ({ type: 'thread', id, title: id, snippet: '', score, semantic: score, lexical: 0 });

test('results far below the best, or below the floor, are held back', () => {
  const { close, weaker } = closeResults([r('a', 0.82), r('b', 0.5), r('c', 0.35), r('d', 0.1), r('e', -0.18)]);
  expect(close.map((x) => x.id)).toEqual(['a', 'b']);
  expect(weaker.map((x) => x.id)).toEqual(['c', 'd', 'e']);
});

test('when nothing is close, nothing is shown as close', () => {
  const { close, weaker } = closeResults([r('a', 0.15), r('b', -0.18)]);
  expect(close).toEqual([]);
  expect(weaker).toHaveLength(2);
  expect(closeResults([]).close).toEqual([]);
});

test('snippets lose markdown: headings, emphasis, fences, links, lists, quotes, tags', () => {
  expect(plainSnippet('## Pricing\n**Annual** plans _save_ 20%. See [the deck](https://x.y/deck).\n```python\nprice = 10\n```\n- one\n> quoted <b>bold</b> `code`')).toBe(
    'Pricing Annual plans save 20%. See the deck. price = 10 one quoted bold code',
  );
  expect(plainSnippet('# 定价\n**年付**更便宜')).toBe('定价 年付更便宜');
  expect(plainSnippet('snake_case_name stays')).toBe('snake_case_name stays');
});

test('query terms: words, and two-character runs of Chinese', () => {
  expect(queryTerms('B2B pricing')).toEqual(['pricing', 'b2b']);
  expect(queryTerms('定价策略')).toEqual(['定价策略', '定价', '价策', '策略']);
});

test('the query is highlighted case-insensitively, in English and Chinese', () => {
  expect(highlightParts('Pricing a B2B SaaS: pricing pages', 'pricing')).toEqual([
    { text: 'Pricing', hit: true },
    { text: ' a B2B SaaS: ', hit: false },
    { text: 'pricing', hit: true },
    { text: ' pages', hit: false },
  ]);
  expect(highlightParts('我们的定价方法和策略', '定价策略').filter((p) => p.hit).map((p) => p.text)).toEqual(['定价', '策略']);
  expect(highlightParts('nothing here', '')).toEqual([{ text: 'nothing here', hit: false }]);
  expect(highlightParts('a.b (c)', '(c)').filter((p) => p.hit).map((p) => p.text)).toEqual(['(c)']);
});
