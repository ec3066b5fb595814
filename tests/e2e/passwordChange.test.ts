import type { Page } from 'playwright-core';
import { shot, startE2E, uniqueName, type E2E } from './browserHarness';

/** Signs up or in by the form's field names, so it works in any UI language. */
async function authForm(page: Page, path: '/signup' | '/signin', username: string, password: string, displayName?: string): Promise<void> {
  await page.goto(path);
  await page.locator('input[name="username"]').fill(username);
  if (displayName) await page.locator('input[name="displayName"]').fill(displayName);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('sign-out').waitFor();
}

jest.setTimeout(120_000);

/** One person on two devices (two browser contexts): changing the password on one signs the other out. */
describe('password change in real Chromium', () => {
  let e2e: E2E;
  beforeAll(async () => {
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.close());

  test.each([
    ['en-US', 'Current password', 'New password', 'New password again', 'Password changed'],
    ['zh-CN', '当前密码', '新密码', '再次输入新密码', '密码已修改'],
  ])('%s: the form changes it, the other device lands on sign-in, the new password works', async (locale, current, next, repeat, done) => {
    const username = uniqueName('pw');
    const { page: laptop } = await e2e.newUser({ locale });
    await authForm(laptop, '/signup', username, 'correct horse battery', locale === 'zh-CN' ? '林晓' : 'Lin Xiao');
    const { page: phone } = await e2e.newUser({ locale, width: 375 });
    await authForm(phone, '/signin', username, 'correct horse battery');
    await phone.goto('/threads');

    await laptop.goto('/profile');
    await laptop.getByLabel(current, { exact: true }).fill('wrong password here');
    await laptop.getByLabel(next, { exact: true }).fill('a new long passphrase');
    await laptop.getByLabel(repeat, { exact: true }).fill('a new long passphrase');
    await laptop.getByTestId('password-save').click();
    // A wrong current password is named at its field, in the reader's language; nothing changes.
    await laptop.locator('.field-error').first().waitFor();
    await shot(laptop, `password-wrong-${locale}`);
    await laptop.getByLabel(current, { exact: true }).fill('correct horse battery');
    await laptop.getByTestId('password-save').click();
    await laptop.getByTestId('password-message').filter({ hasText: done }).waitFor();
    await shot(laptop, `password-changed-${locale}`);

    // The phone's session ended on the hub: its socket was closed and the app shows sign-in.
    await phone.getByTestId('auth-submit').waitFor();
    await shot(phone, `password-phone-signed-out-${locale}`);
    await authForm(phone, '/signin', username, 'a new long passphrase');
    // The laptop stays signed in.
    await laptop.goto('/threads');
    await laptop.getByTestId('sign-out').waitFor();
  });
});
