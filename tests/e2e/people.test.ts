import type { Page } from 'playwright-core';
import { api, registerUser } from '../helpers/hub';
import { shot, startE2E, uniqueName, waitForText, type E2E } from './browserHarness';

jest.setTimeout(180_000);

/** Signs in through the UI as a user registered over the API. */
async function signIn(page: Page, username: string): Promise<void> {
  await page.goto('/signin');
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill('correct horse battery');
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('sign-out').waitFor();
}

const noSidewaysScroll = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

describe('people pages, the directory and direct conversations in real Chromium', () => {
  let e2e: E2E;
  const tag = uniqueName('d');
  let alice: Awaited<ReturnType<typeof registerUser>>;
  let bob: Awaited<ReturnType<typeof registerUser>>;
  let carol: Awaited<ReturnType<typeof registerUser>>;

  beforeAll(async () => {
    e2e = await startE2E();
    alice = await registerUser(e2e.hub, `${tag}_alice`);
    bob = await registerUser(e2e.hub, `${tag}_bob`);
    carol = await registerUser(e2e.hub, `${tag}_carol`);
    const save = (u: typeof alice, profile: Record<string, unknown>) => api(e2e.hub, 'PUT', '/api/me/profile', { token: u.token, body: profile });
    await save(alice, { role: 'CEO', timezone: 'Asia/Shanghai', languages: ['中文', 'English'] });
    await save(bob, {
      bio: 'Compiler engineer. 想做开发者工具。',
      role: 'Engineer',
      stage: 'idea',
      skills: ['Rust', 'WebAssembly'],
      interests: ['developer tools'],
      offers: ['systems programming'],
      needs: ['a go-to-market partner'],
      languages: ['English', '中文'],
      lookingFor: ['cofounder'],
      timezone: 'Asia/Tokyo',
      hoursPerWeek: 40,
    });
    await api(e2e.hub, 'POST', '/api/threads', { token: bob.token, body: { title: `Rust for founders ${tag}`, body: 'Why we chose Rust.', tags: [] } });
    await api(e2e.hub, 'POST', '/api/notebooks', { token: bob.token, body: { title: `Benchmarks ${tag}`, visibility: 'community' } });
    await api(e2e.hub, 'POST', '/api/notebooks', { token: bob.token, body: { title: `Private notes ${tag}`, visibility: 'private' } });
    await save(carol, { role: 'Designer', skills: ['Figma'], languages: ['English'], timezone: 'America/New_York', hoursPerWeek: 10 });
  }, 180_000);

  afterAll(async () => {
    await e2e?.close();
  });

  test('the directory filters, a person page, and Message twice lands in the same conversation', async () => {
    const { page } = await e2e.newUser();
    try {
      await signIn(page, alice.user.username);
      await page.goto(`/people?q=${tag}`);
      const rows = page.getByTestId('person-row');
      await rows.filter({ hasText: bob.user.displayName }).waitFor();
      expect(await rows.count()).toBe(3);
      await shot(page, '40-people-directory-en');

      await page.getByTestId('filter-skills').fill('rust');
      await page.getByTestId('apply-filters').click();
      await page.waitForURL(/skills=rust/);
      await rows.filter({ hasText: carol.user.displayName }).waitFor({ state: 'detached' });
      expect(await rows.allTextContents()).toEqual([expect.stringContaining(bob.user.displayName)]);

      await page.getByTestId('filter-skills').fill('');
      await page.getByTestId('filter-timezoneWithinHours').fill('2');
      await page.getByTestId('apply-filters').click();
      await page.waitForURL(/timezoneWithinHours=2/);
      await rows.filter({ hasText: carol.user.displayName }).waitFor({ state: 'detached' });
      expect((await rows.allTextContents()).length).toBe(2); // Alice herself (Shanghai) and Bob (Tokyo)
      await shot(page, '41-people-directory-filtered-en');

      // The name leads to the person page.
      await rows.filter({ hasText: bob.user.displayName }).getByTestId('person-link').click();
      await page.waitForURL(new RegExp(`/people/${bob.user.username}$`));
      const person = page.getByTestId('person-page');
      await waitForText(person, 'Compiler engineer');
      for (const text of ['Engineer', 'Rust', 'WebAssembly', 'developer tools', 'systems programming', 'a go-to-market partner', 'cofounder', 'Asia/Tokyo', '40']) {
        await waitForText(person, text);
      }
      await waitForText(person.getByTestId('person-threads'), `Rust for founders ${tag}`);
      await waitForText(person.getByTestId('person-notebooks'), `Benchmarks ${tag}`);
      expect(await person.getByTestId('person-notebooks').textContent()).not.toContain('Private notes');
      await shot(page, '42-person-page-en');

      await person.getByTestId('message-person').click();
      await page.waitForURL(/\/rooms\/[^/]+$/);
      const first = page.url();
      await waitForText(page.getByTestId('room-title'), bob.user.displayName);
      await page.getByTestId('conversation-list').getByRole('link', { name: bob.user.displayName }).waitFor();

      await page.goBack();
      await page.getByTestId('person-page').getByTestId('message-person').click();
      await page.waitForURL(/\/rooms\/[^/]+$/);
      expect(page.url()).toBe(first);
      await page.getByTestId('conversation-list').getByRole('link', { name: bob.user.displayName }).waitFor();
      expect(await page.getByTestId('conversation-list').getByRole('link').count()).toBe(1);
      await shot(page, '43-conversation-en');
      // Home's "Your rooms" names the conversation by the other person too.
      await page.goto('/');
      await page.locator('.room-list.compact').getByRole('link', { name: bob.user.displayName }).waitFor();
    } catch (err) {
      await shot(page, 'FAILED-people-en');
      throw err;
    }
  });

  test('zh at 375 px: the directory and a person page fit, with the filters usable', async () => {
    const { page } = await e2e.newUser({ locale: 'zh-CN', width: 375 });
    try {
      await signIn(page, carol.user.username);
      await page.goto(`/people?q=${tag}`);
      await page.getByTestId('person-row').first().waitFor();
      await page.getByRole('heading', { name: '成员', exact: true }).waitFor();
      expect(await noSidewaysScroll(page)).toBe(true);
      await page.getByTestId('filter-languages').fill('中文');
      await page.getByTestId('apply-filters').click();
      await page.waitForURL(/languages=/);
      await page.getByTestId('person-row').filter({ hasText: carol.user.displayName }).waitFor({ state: 'detached' });
      expect(await page.getByTestId('person-row').count()).toBe(2);
      await shot(page, '44-people-directory-zh-375');

      await page.goto(`/people/${bob.user.username}`);
      await waitForText(page.getByTestId('person-page'), '想做开发者工具');
      await page.getByRole('button', { name: '发消息' }).waitFor();
      expect(await noSidewaysScroll(page)).toBe(true);
      await shot(page, '45-person-page-zh-375');

      await page.goto('/people/nobody_here_at_all');
      await page.getByTestId('not-found').waitFor();
    } catch (err) {
      await shot(page, 'FAILED-people-zh');
      throw err;
    }
  });
});
