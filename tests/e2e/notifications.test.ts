import type { BrowserContext, Page } from 'playwright-core';
import { shot, startE2E, uniqueName, waitForText, type E2E } from './browserHarness';

jest.setTimeout(300_000);

/** Registers through the API in the browser context, so the session cookie is the context's. */
async function register(context: BrowserContext, username: string, displayName: string): Promise<{ id: string; username: string }> {
  const res = await context.request.post('/api/auth/register', { data: { username, password: 'correct horse battery', displayName } });
  expect(res.status()).toBe(201);
  return (await res.json()).user;
}

async function badge(page: Page): Promise<string | null> {
  return page.getByTestId('notification-bell').getAttribute('data-unread');
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('notifications in real Chromium', () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 300_000);

  afterAll(async () => {
    await e2e?.close();
  });

  test('a mention reaches a user on another page: the badge, the tab title, the notification (zh at 375 px, en on desktop)', async () => {
    const a = await e2e.newUser({ locale: 'en-US' });
    const b = await e2e.newUser({ locale: 'zh-CN', width: 375 });
    const alice = await register(a.context, uniqueName('alice'), 'Alice Chen');
    const bob = await register(b.context, uniqueName('bob'), '王博');
    const room = await (await a.context.request.post('/api/rooms', { data: { name: '算力拼车', topic: 'GPU hours', visibility: 'private' }, headers: { origin: e2e.hub.url } })).json();
    expect((await a.context.request.post(`/api/rooms/${room.id}/members`, { data: { userId: bob.id }, headers: { origin: e2e.hub.url } })).status()).toBe(201);

    // Bob reads threads: another page than the room. The invite is already counted.
    await b.page.goto('/threads');
    await until(async () => (await badge(b.page)) === '1', 'the invite on the badge');
    await a.page.goto(`/rooms/${room.id}`);
    await a.page.getByTestId('composer').fill(`@${bob.username} 明天还有空余的 A100 吗？`);
    await a.page.getByTestId('send').click();

    await until(async () => (await badge(b.page)) === '2', 'the mention on the badge');
    await waitForText(b.page.getByTestId('notification-badge'), '2');
    await until(async () => (await b.page.title()) === '(2) Cohort', 'the count in the tab title');
    expect(new URL(b.page.url()).pathname).toBe('/threads');
    await waitForText(b.page.getByTestId('notification-toast'), `Alice Chen 在「算力拼车」中提到了你`);
    const scrollWidth = await b.page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await shot(b.page, '60-notification-badge-zh-375');

    await b.page.getByTestId('notification-bell').click();
    await b.page.waitForURL('**/notifications');
    const rows = b.page.getByTestId('notification');
    await waitForText(rows.first(), `Alice Chen 在「算力拼车」中提到了你：@${bob.username} 明天还有空余的 A100 吗？`);
    await waitForText(rows.nth(1), 'Alice Chen 邀请你以成员身份加入聊天室「算力拼车」');
    await waitForText(b.page.locator('main h1'), '通知');
    expect(await b.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await shot(b.page, '61-notifications-zh-375');

    // Opening the mention goes to the room and marks it read.
    await rows.first().getByRole('link').click();
    await b.page.waitForURL(`**/rooms/${room.id}`);
    await until(async () => (await badge(b.page)) === '1', 'one left unread');
    await until(async () => (await b.page.title()) === '(1) Cohort', 'the title following');

    // Bob answers with a mention; Alice, now on Home, hears of it in English.
    await a.page.goto('/');
    await until(async () => (await badge(a.page)) === '0', 'alice starts with none');
    await b.page.getByTestId('composer').fill(`@${alice.username} 有的，晚上八点以后`);
    await b.page.getByTestId('send').click();
    await until(async () => (await badge(a.page)) === '1', 'the mention on alice’s badge');
    await until(async () => (await a.page.title()) === '(1) Cohort', 'alice’s tab title');
    await waitForText(a.page.getByTestId('notification-toast'), `王博 mentioned you in “算力拼车”`);
    await shot(a.page, '63-notification-toast-en');
    await a.page.getByTestId('notification-bell').click();
    await waitForText(a.page.getByTestId('notification').first(), `王博 mentioned you in “算力拼车”: @${alice.username} 有的，晚上八点以后`);
    await shot(a.page, '62-notifications-en');
    await a.page.getByTestId('notifications-mark-all').click();
    await until(async () => (await badge(a.page)) === '0', 'all read');
    await until(async () => (await a.page.title()) === 'Cohort', 'the plain title');
    expect(await a.page.getByTestId('notification-badge').count()).toBe(0);
  });
});
