import type { Page } from 'playwright-core';
import { shot, signUp, waitForText, startE2E, uniqueName, type E2E } from './browserHarness';

jest.setTimeout(120_000);

/** Two people, each in their own browser context, using the real app against a real hub. */
describe('web client in real Chromium', () => {
  let e2e: E2E;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');
  let failed = false;

  beforeAll(async () => {
    e2e = await startE2E();
    alice = (await e2e.newUser()).page;
    bob = (await e2e.newUser()).page;
  });

  afterEach(async () => {
    // Keep what each page looked like when a test failed.
    if (failed) {
      const name = (expect.getState().currentTestName ?? 'test').replace(/[^a-z0-9]+/gi, '-').slice(0, 60);
      await shot(alice, `FAILED-${name}-alice`);
      await shot(bob, `FAILED-${name}-bob`);
    }
    failed = false;
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const guard = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch (err) {
      failed = true;
      throw err;
    }
  };

  test('1. both sign up; one creates a room and both chat both ways', () =>
    guard(async () => {
      await shot(alice, 'signin-redirect');
      await alice.goto('/');
      await alice.waitForURL(/\/signin/);
      await shot(alice, '00-signin');
      await signUp(alice, aliceName, 'Alice Chen');
      await signUp(bob, bobName, 'Bob 王');
      await shot(alice, '01-home');

      // The session survives a reload.
      await alice.reload();
      await alice.getByTestId('sign-out').waitFor();

      await alice.getByRole('link', { name: 'Rooms', exact: true }).click();
      await alice.getByTestId('new-room').click();
      await alice.getByTestId('room-name').fill('GPU 拼车');
      await alice.getByTestId('room-topic').fill('sharing spare A100 hours');
      await alice.getByTestId('create-room-submit').click();
      await alice.waitForURL(/\/rooms\/[^/]+$/);
      const roomUrl = new URL(alice.url()).pathname;
      await waitForText(alice.getByTestId('room-title'), 'GPU 拼车');

      await bob.goto('/rooms');
      await bob.getByRole('link', { name: /GPU 拼车/ }).click();
      await bob.waitForURL(`**${roomUrl}`);
      await bob.getByTestId('composer').waitFor();
      // Bob is online in Alice's member list.
      await alice.getByTestId('online-count').filter({ hasText: '2 online' }).waitFor();

      await alice.getByTestId('composer').fill('hello bob, GPU 还有吗?');
      await alice.getByTestId('composer').press('Enter');
      await bob.getByTestId('message-body').filter({ hasText: 'hello bob, GPU 还有吗?' }).waitFor();
      // Alice's own message is confirmed by the ack.
      await alice.locator('[data-testid=message][data-state=stored]').filter({ hasText: 'hello bob' }).waitFor();

      // Bob answers with a mention picked from the autocomplete.
      const composer = bob.getByTestId('composer');
      await composer.click();
      await composer.pressSequentially(`yes! @${aliceName.slice(0, 4)}`);
      await bob.getByRole('option', { name: /Alice Chen/ }).waitFor();
      await composer.press('Enter');
      await composer.pressSequentially('see you');
      await composer.press('Enter');
      const reply = alice.getByTestId('message-body').filter({ hasText: `@${aliceName} see you` });
      await reply.waitFor();
      await expect(reply.locator('.mention').textContent()).resolves.toBe(`@${aliceName}`);

      // Typing indicator reaches the other side.
      await alice.getByTestId('composer').pressSequentially('typing…');
      await bob.getByTestId('typing').filter({ hasText: 'Alice Chen is typing' }).waitFor();
      await shot(alice, '02-room-chat');
      await shot(bob, '02-room-chat-bob');

      // No duplicates: each message is on screen once.
      await expect(bob.getByTestId('message-body').filter({ hasText: 'hello bob' }).count()).resolves.toBe(1);
      await expect(alice.getByTestId('message-body').filter({ hasText: 'see you' }).count()).resolves.toBe(1);
    }));

  let notebookPath = '';

  test('2. both type into the same notebook cell at once and see each other', () =>
    guard(async () => {
      await alice.goto('/notebooks');
      await shot(alice, '03-notebooks-empty');
      await alice.getByTestId('new-notebook').click();
      await alice.getByTestId('notebook-title').fill('Fundraising plan');
      await alice.getByTestId('notebook-create').click();
      await alice.waitForURL(/\/notebooks\/[^/]+$/);
      notebookPath = new URL(alice.url()).pathname;
      await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();

      // Share with Bob as an editor, by his user id.
      const bobId = await bob.evaluate(async () => ((await (await fetch('/api/me')).json()) as { user: { id: string } }).user.id);
      await alice.getByTestId('share').click();
      await alice.getByTestId('person-input').fill(bobId);
      await alice.getByRole('button', { name: 'Add', exact: true }).click();
      await alice.getByRole('dialog').locator('.member-name', { hasText: 'Bob 王' }).waitFor();
      await shot(alice, '04-notebook-share');
      await alice.keyboard.press('Escape');

      await bob.goto(notebookPath);
      await bob.getByTestId('nb-status').and(bob.locator('[data-status=live]')).waitFor();
      // Both are present in each other's avatar bar.
      await alice.locator('[data-testid=presence] li').nth(1).waitFor();
      await bob.locator('[data-testid=presence] li').nth(1).waitFor();

      const aliceCell = alice.locator('[data-testid=cell]').first().locator('.cm-content');
      const bobCell = bob.locator('[data-testid=cell]').first().locator('.cm-content');
      await aliceCell.click();
      await bobCell.click();
      await Promise.all([alice.keyboard.type('Alice writes the deck. ', { delay: 15 }), bob.keyboard.type('Bob builds the model. ', { delay: 15 })]);

      for (const cell of [aliceCell, bobCell]) {
        await waitForText(cell, 'Alice writes the deck.');
        await waitForText(cell, 'Bob builds the model.');
      }
      // Each sees the other's cursor, labelled with their name.
      await alice.locator('.cm-ySelectionCaret').filter({ hasText: 'Bob 王' }).waitFor();
      await bob.locator('.cm-ySelectionCaret').filter({ hasText: 'Alice Chen' }).waitFor();
      await shot(alice, '05-notebook-coediting');

      // After a reload the text is still there (it was stored by the hub).
      await alice.reload();
      await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();
      const reloaded = alice.locator('[data-testid=cell]').first().locator('.cm-content');
      await waitForText(reloaded, 'Bob builds the model.');
      await expect(reloaded.textContent()).resolves.toContain('Alice writes the deck.');
    }));

  test('3. a metrics CSV written by one is drawn as a chart for the other', () =>
    guard(async () => {
      expect(notebookPath).not.toBe('');
      await alice.getByTestId('add-metrics').click();
      const metrics = alice.locator('[data-testid=cell][data-cell-type=metrics]');
      await metrics.waitFor();
      await metrics.locator('.cm-content').click();
      // A new metrics cell is empty (its example header is only a placeholder).
      await alice.keyboard.type('epoch,loss\n1,0.92\n2,0.61\n3,0.40\n4,0.33', { delay: 5 });
      // The chart appears for Bob, drawn by uPlot from the CSV Alice typed.
      const chart = bob.locator('[data-testid=cell][data-cell-type=metrics] [data-testid=metrics-chart]');
      await chart.locator('canvas').waitFor({ timeout: 20000 });
      await waitForText(bob.locator('[data-cell-type=metrics] .u-legend'), 'loss');
      // And it updates live as the CSV grows.
      await alice.keyboard.type(',\n', { delay: 5 });
      await alice.keyboard.press('Backspace');
      await shot(bob, '06-notebook-metrics-bob');
      await shot(alice, '06-notebook-metrics');
    }));

  test('4. a thread is posted, replied to, and the reply appears live', () =>
    guard(async () => {
      await alice.goto('/threads');
      await alice.getByTestId('new-thread').click();
      await alice.getByTestId('thread-title').fill('How we priced our B2B SaaS');
      await alice.getByTestId('thread-body').fill('We tried **three tiers**.\n\n- seats\n- usage\n\n<img src=x onerror="window.__xss = 1">');
      await alice.getByRole('textbox', { name: 'Tags' }).fill('pricing');
      await alice.getByRole('textbox', { name: 'Tags' }).press('Enter');
      await alice.getByTestId('thread-submit').click();
      await alice.waitForURL(/\/threads\/[^/]+$/);
      const threadPath = new URL(alice.url()).pathname;
      // Markdown is rendered and sanitized: the handler in the content never runs.
      await alice.locator('.thread-body strong').filter({ hasText: 'three tiers' }).waitFor();
      await expect(alice.evaluate(() => (window as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
      await expect(alice.locator('.thread-body img[onerror]').count()).resolves.toBe(0);

      await bob.goto('/threads');
      await bob.getByRole('link', { name: 'How we priced our B2B SaaS' }).waitFor();
      await shot(bob, '07-threads');
      await bob.getByRole('link', { name: 'How we priced our B2B SaaS' }).click();
      await bob.waitForURL(`**${threadPath}`);
      await bob.getByTestId('upvote').click();
      await bob.getByTestId('reply-body').fill('Usage-based worked for us — *per API call*.');
      await bob.getByTestId('reply-submit').click();

      // Alice did not reload: the reply and the vote arrive live.
      await alice.getByTestId('reply').filter({ hasText: 'Usage-based worked for us' }).waitFor();
      await alice.getByTestId('score').filter({ hasText: '1' }).waitFor();
      await expect(alice.locator('[data-testid=reply] em').textContent()).resolves.toBe('per API call');
      await shot(alice, '08-thread');
    }));

  test('5. Alice finds someone she has never met by name and invites them to a private room', () =>
    guard(async () => {
      const carol = (await e2e.newUser()).page;
      const carolName = uniqueName('carol');
      await signUp(carol, carolName, '陈可乐 Carol');

      await alice.goto('/rooms');
      await alice.getByTestId('new-room').click();
      await alice.getByTestId('room-name').fill('Founders only');
      await alice.getByTestId('room-topic').fill('co-founder search');
      await alice.getByRole('radio', { name: /Private/ }).check();
      await alice.getByTestId('create-room-submit').click();
      await alice.waitForURL(/\/rooms\/[^/]+$/);
      const roomPath = new URL(alice.url()).pathname;

      // Carol never wrote anywhere Alice looked: only the hub's people search knows her.
      await alice.getByTestId('invite').click();
      await alice.getByTestId('person-input').fill('陈可');
      const suggestion = alice.getByTestId('person-suggestion').filter({ hasText: `@${carolName}` });
      await suggestion.waitFor();
      await shot(alice, '08b-room-invite-search');
      await suggestion.click();
      await alice.locator('.members-panel .member-name', { hasText: '陈可乐 Carol' }).waitFor();

      await carol.goto(roomPath);
      await carol.getByTestId('composer').waitFor();
    }));

  test('6. switching the language to Chinese changes the UI, and it is remembered', () =>
    guard(async () => {
      await bob.goto('/');
      await bob.getByRole('link', { name: 'Rooms', exact: true }).waitFor();
      await bob.getByTestId('language').selectOption('zh');
      await bob.getByRole('link', { name: '聊天室', exact: true }).waitFor();
      await expect(bob.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
      await expect(bob.getByTestId('sign-out').textContent()).resolves.toBe('退出登录');
      await bob.reload();
      await bob.getByRole('link', { name: '经验帖', exact: true }).waitFor();
      await shot(bob, '09-home-zh');
      await bob.goto('/threads');
      await bob.getByRole('heading', { name: '经验帖' }).waitFor();
      await shot(bob, '10-threads-zh');
      await bob.goto('/profile');
      await bob.getByRole('heading', { name: '个人资料', level: 1 }).waitFor();
      await shot(bob, '11-profile-zh');
    }));

  test('pages render for a signed-in user, also at 375 px', () =>
    guard(async () => {
      for (const [path, name] of [
        ['/profile', '12-profile'],
        ['/matches', '13-matches'],
        ['/search?q=pricing', '14-search'],
        ['/map', '15-map'],
        ['/notebooks', '16-notebooks'],
      ] as const) {
        await alice.goto(path);
        await alice.locator('main h1').first().waitFor();
        await alice.waitForLoadState('networkidle').catch(() => undefined);
        await shot(alice, name);
      }
      const mobile = await e2e.newUser({ width: 375 });
      await mobile.page.goto('/signin');
      await mobile.page.getByLabel('Username').fill(aliceName);
      await mobile.page.getByLabel('Password').fill('correct horse battery');
      await mobile.page.getByTestId('auth-submit').click();
      await mobile.page.getByTestId('sign-out').waitFor();
      await shot(mobile.page, '17-mobile-home');
      await mobile.page.goto('/rooms');
      await mobile.page.getByRole('link', { name: /GPU 拼车/ }).click();
      await mobile.page.getByTestId('composer').waitFor();
      // List and detail are stacked: the list is hidden while a room is open.
      await expect(mobile.page.locator('.split-list').isVisible()).resolves.toBe(false);
      const width = await mobile.page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(375);
      await shot(mobile.page, '18-mobile-chat');
      await mobile.page.goto(notebookPath);
      await mobile.page.locator('[data-testid=cell]').first().waitFor();
      await shot(mobile.page, '19-mobile-notebook');
    }));
});
