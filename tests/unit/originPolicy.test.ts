import { loadConfig } from '../../server/src/config';
import { normaliseOrigin, OriginPolicy } from '../../server/src/edge/originPolicy';
import { tempDir } from '../helpers/tempDir';

describe('OriginPolicy', () => {
  test('same-origin by default: the page must name the host the request went to', () => {
    const policy = OriginPolicy.of([]);
    expect(policy.allows('http://localhost:3000', 'localhost:3000')).toBe(true);
    expect(policy.allows('https://Cohort.Example.org', 'cohort.example.org')).toBe(true);
    // Another port of the same host is same-site (cookies go along) but another origin.
    expect(policy.allows('http://localhost:5000', 'localhost:3000')).toBe(false);
    expect(policy.allows('http://evil.example', 'localhost:3000')).toBe(false);
    expect(policy.allows('null', 'localhost:3000')).toBe(false);
    expect(policy.allows('file://', 'localhost:3000')).toBe(false);
    expect(policy.allows('http://localhost:3000', undefined)).toBe(false);
    expect(policy.allows('not a url', 'localhost:3000')).toBe(false);
  });

  test('a configured list is exact, and replaces the same-origin default', () => {
    const policy = OriginPolicy.of(['https://cohort.example.org', 'http://localhost:5173']);
    expect(policy.allows('https://cohort.example.org', 'internal:3000')).toBe(true);
    expect(policy.allows('https://cohort.example.org:443', 'x')).toBe(true);
    expect(policy.allows('http://cohort.example.org', 'cohort.example.org')).toBe(false);
    expect(policy.allows('http://localhost:5173', 'x')).toBe(true);
    expect(policy.allows('http://internal:3000', 'internal:3000')).toBe(false);
  });

  test('referers count by their origin', () => {
    const policy = OriginPolicy.of([]);
    expect(policy.allowsReferer('http://localhost:3000/rooms/1?x=y', 'localhost:3000')).toBe(true);
    expect(policy.allowsReferer('http://localhost:4000/rooms/1', 'localhost:3000')).toBe(false);
    expect(policy.allowsReferer('garbage', 'localhost:3000')).toBe(false);
  });

  test('normaliseOrigin accepts origins only', () => {
    expect(normaliseOrigin('HTTPS://Example.com:443/')).toBe('https://example.com');
    for (const bad of ['example.com', 'https://example.com/path', 'ftp://example.com', 'https://u:p@example.com', 'https://example.com?x=1']) {
      expect(() => normaliseOrigin(bad)).toThrow(TypeError);
    }
  });

  test('config: ALLOWED_ORIGINS and PUBLIC_URL are validated and merged', () => {
    const dir = tempDir('cohort-origins-');
    expect(loadConfig({ DATA_DIR: dir }).allowedOrigins).toEqual([]);
    expect(loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'https://cohort.example.org/app', ALLOWED_ORIGINS: 'http://localhost:5173, https://cohort.example.org' }).allowedOrigins).toEqual([
      'https://cohort.example.org',
      'http://localhost:5173',
    ]);
    expect(() => loadConfig({ DATA_DIR: dir, ALLOWED_ORIGINS: 'cohort.example.org' })).toThrow(/^Invalid ALLOWED_ORIGINS: cohort.example.org is not an origin/);
    expect(() => loadConfig({ DATA_DIR: dir, PUBLIC_URL: 'ftp://x' })).toThrow(/^Invalid PUBLIC_URL: /);
  });
});
