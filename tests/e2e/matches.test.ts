import type { Page } from 'playwright-core';
import { shot, signUp, startE2E, uniqueName, waitForText, type E2E } from './browserHarness';

// The real embedding model loads in a worker process and indexes the profiles: minutes on a slow machine.
jest.setTimeout(600_000);

async function fillProfile(page: Page, values: { role: string; offers: string[]; needs: string[]; languages: string[] }) {
  await page.goto('/profile');
  await page.getByTestId('profile-role').fill(values.role);
  await page.getByTestId('profile-hours').fill('30');
  await page.getByTestId('profile-timezone').fill('Asia/Shanghai');
  for (const [label, items] of [['What you offer', values.offers], ['What you need', values.needs], ['Languages', values.languages]] as const) {
    const input = page.getByRole('textbox', { name: label, exact: true });
    for (const item of items) {
      await input.fill(item);
      await input.press('Enter');
    }
  }
  await page.getByTestId('profile-save').click();
  await waitForText(page.getByTestId('profile-message'), 'Profile saved.');
}

describe('partner matches in real Chromium (real embedding model)', () => {
  let e2e: E2E;
  let alice: Page;
  let bob: Page;

  beforeAll(async () => {
    e2e = await startE2E({ EMBEDDINGS: 'on' });
    alice = (await e2e.newUser()).page;
    bob = (await e2e.newUser()).page;
  }, 600_000);

  afterAll(async () => {
    await e2e?.close();
  });

  test('5. after profiles are filled, the matches page shows the other user with reasons', async () => {
    try {
      await signUp(alice, uniqueName('alice'), 'Alice Chen');
      await signUp(bob, uniqueName('bob'), 'Bob 王');
      await fillProfile(alice, { role: 'CEO', offers: ['B2B sales experience'], needs: ['introductions to angel investors'], languages: ['English', '中文'] });
      await shot(alice, '20-profile-filled');
      await fillProfile(bob, { role: 'ML engineer', offers: ['可以介绍天使投资人'], needs: ['企业销售经验'], languages: ['中文'] });

      // The hub indexes profiles in the background: look again until Bob is suggested.
      const card = alice.getByTestId('match').filter({ hasText: 'Bob 王' });
      const deadline = Date.now() + 240_000;
      for (;;) {
        await alice.goto('/matches');
        await alice.locator('main h1').waitFor();
        if (await card.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
        if (Date.now() > deadline) throw new Error('Bob was never suggested to Alice');
      }
      const reasons = card.locator('.reasons li');
      await reasons.first().waitFor();
      expect(await reasons.count()).toBeGreaterThan(0);
      await shot(alice, '21-matches');

      // "Message" opens the direct conversation of the two of them, named by the other person.
      await card.getByTestId('start-conversation').click();
      await alice.waitForURL(/\/rooms\/[^/]+$/);
      const conversation = alice.url();
      await waitForText(alice.getByTestId('room-title'), 'Bob 王');
      await alice.getByText('Bob 王', { exact: true }).first().waitFor();
      await bob.goto('/rooms');
      await bob.getByTestId('conversation-list').getByRole('link', { name: 'Alice Chen' }).waitFor();
      await shot(alice, '22-match-conversation');

      // Twice from the match card: the same room, not a second one.
      await alice.goto('/matches');
      await card.getByTestId('start-conversation').click();
      await alice.waitForURL(/\/rooms\/[^/]+$/);
      expect(alice.url()).toBe(conversation);
      await alice.getByTestId('conversation-list').getByRole('link', { name: 'Bob 王' }).waitFor();
      expect(await alice.getByTestId('conversation-list').getByRole('link').count()).toBe(1);

      // The name on the match card leads to Bob's page.
      await alice.goto('/matches');
      await card.getByTestId('person-link').click();
      await alice.waitForURL(/\/people\/[^/]+$/);
      await waitForText(alice.getByTestId('person-page'), 'ML engineer');
      await waitForText(alice.getByTestId('person-page'), '可以介绍天使投资人');
      await shot(alice, '23-person-from-match');
    } catch (err) {
      await shot(alice, 'FAILED-5-matches-alice');
      await shot(bob, 'FAILED-5-matches-bob');
      throw err;
    }
  });
});
