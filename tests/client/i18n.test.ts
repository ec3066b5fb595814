import fs from 'node:fs';
import path from 'node:path';
import { en } from '../../client/src/i18n/en';
import { zh } from '../../client/src/i18n/zh';
import { initialLanguage } from '../../client/src/i18n';

const SRC = path.resolve(__dirname, '../../client/src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'i18n' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(d.name) ? [p] : [];
  });
}

function flatten(obj: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else for (const [kk, vv] of flatten(v as object, key)) out.set(kk, vv);
  }
  return out;
}

const enKeys = flatten(en);
const zhKeys = flatten(zh);
const has = (keys: Map<string, string>, key: string) => keys.has(key) || (keys.has(`${key}_one`) && keys.has(`${key}_other`)) || keys.has(`${key}_other`);

describe('UI text', () => {
  test('every key the app uses exists in English and in Chinese', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      // Nav items are listed as [href, key] pairs.
      for (const m of text.matchAll(/\['\/[a-z]*', '(nav\.[a-zA-Z]+)'\]/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(150);
    const missingEn = [...used].filter((k) => !has(enKeys, k));
    const missingZh = [...used].filter((k) => !has(zhKeys, k));
    expect(missingEn).toEqual([]);
    expect(missingZh).toEqual([]);
  });

  test('both dictionaries have the same keys and no empty or untranslated sentences', () => {
    expect([...zhKeys.keys()].sort()).toEqual([...enKeys.keys()].sort());
    for (const [, v] of zhKeys) expect(v.trim()).not.toBe('');
    // Sentences (not names such as "Python" or "Markdown") differ between the languages.
    const same = [...enKeys].filter(([k, v]) => v.includes(' ') && zhKeys.get(k) === v).map(([k]) => k);
    expect(same).toEqual([]);
  });

  test('interpolations match between the languages', () => {
    const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of enKeys) expect([k, vars(zhKeys.get(k)!)]).toEqual([k, vars(v)]);
  });

  test('the language is the remembered choice, else the browser language, else English', () => {
    expect(initialLanguage('zh', ['en-US'])).toBe('zh');
    expect(initialLanguage('en', ['zh-CN'])).toBe('en');
    expect(initialLanguage(null, ['zh-TW', 'en'])).toBe('zh');
    expect(initialLanguage(null, ['fr-FR', 'en-GB'])).toBe('en');
    expect(initialLanguage(null, ['fr-FR'])).toBe('en');
    expect(initialLanguage('klingon', [])).toBe('en');
  });
});
