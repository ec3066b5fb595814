import type { Page } from 'playwright-core';
import { shot, signUp, startE2E, uniqueName, waitForText, type E2E } from './browserHarness';

jest.setTimeout(180_000);

/** The walk-through's keyboard, IME, mobile and notebook-role findings, in real Chromium against a real hub. */
describe('walk-through fixes in real Chromium', () => {
  let e2e: E2E;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');
  let roomPath = '';

  beforeAll(async () => {
    e2e = await startE2E();
    alice = (await e2e.newUser()).page;
    bob = (await e2e.newUser()).page;
    await signUp(alice, aliceName, 'Alice Chen');
    await signUp(bob, bobName, 'Bob 王');
  });

  afterAll(async () => {
    await e2e?.close();
  });

  const newRoom = async (page: Page, name: string) => {
    await page.goto('/rooms');
    await page.getByTestId('new-room').click();
    await page.getByTestId('room-name').fill(name);
    await page.getByTestId('room-topic').fill('keyboard only');
    await page.getByTestId('create-room-submit').click();
    await page.waitForURL(/\/rooms\/[^/]+$/);
    await page.getByTestId('composer').waitFor();
    return new URL(page.url()).pathname;
  };

  /** Presses Shift+Tab until the focused element matches `selector` (at most `max` presses). */
  const tabBackTo = async (page: Page, selector: string, max = 12) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Shift+Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`never reached ${selector} by Shift+Tab`);
  };

  test('every message action by keyboard: ArrowUp edits the last message, Enter saves, react and delete by Tab', async () => {
    roomPath = await newRoom(alice, 'Keyboard 键盘');
    const composer = alice.getByTestId('composer');
    await composer.focus();
    await alice.keyboard.type('first try');
    await alice.keyboard.press('Enter');
    await alice.locator('[data-testid=message][data-state=stored]').filter({ hasText: 'first try' }).waitFor();

    // ArrowUp in the empty composer opens my last message for editing; Enter saves it like the composer sends.
    await alice.keyboard.press('ArrowUp');
    const edit = alice.getByTestId('edit-input');
    await edit.waitFor();
    await expect(edit.evaluate((el) => el === document.activeElement)).resolves.toBe(true);
    await alice.keyboard.press('End');
    await alice.keyboard.type(', fixed');
    await alice.keyboard.press('Enter');
    await waitForText(alice.getByTestId('message-body').first(), 'first try, fixed');
    await alice.getByTestId('message-body').first().locator('.edited').waitFor();
    // Focus is back in the composer.
    await expect(composer.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    // Shift+Enter in the edit box breaks the line, Escape cancels.
    await alice.keyboard.press('ArrowUp');
    await edit.waitFor();
    await alice.keyboard.press('Escape');
    await edit.waitFor({ state: 'detached' });

    // React: Shift+Tab from the composer reaches the message's actions; the picker takes focus.
    await tabBackTo(alice, '[data-testid=react]');
    await shot(alice, 'w01-message-actions-focused');
    await alice.keyboard.press('Enter');
    await expect(alice.evaluate(() => document.activeElement?.closest('.emoji-picker') !== null)).resolves.toBe(true);
    await alice.keyboard.press('Enter');
    await alice.locator('.reaction').filter({ hasText: '👍 1' }).waitFor();

    // Delete by keyboard too (the confirmation is the browser's own dialog).
    alice.once('dialog', (d) => void d.accept());
    await composer.focus();
    await tabBackTo(alice, '[data-testid=delete]');
    await alice.keyboard.press('Enter');
    await alice.locator('.msg-deleted').waitFor();
  });

  test('Tab leaves a notebook cell without editing it; Ctrl-] indents; the Tab toggle is visible', async () => {
    await alice.goto('/notebooks');
    await alice.getByTestId('new-notebook').click();
    await alice.getByTestId('notebook-title').fill('Tab test');
    await alice.getByTestId('notebook-create').click();
    await alice.waitForURL(/\/notebooks\/[^/]+$/);
    await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();
    const cell = alice.locator('[data-testid=cell]').first().locator('.cm-content');
    await cell.click();
    await alice.keyboard.type('# Heading');
    await alice.keyboard.press('Tab');
    await expect(alice.evaluate(() => document.activeElement?.closest('.cm-content') === null)).resolves.toBe(true);
    await expect(cell.textContent()).resolves.toBe('# Heading');
    await expect(alice.getByTestId('tab-indents').getAttribute('aria-pressed')).resolves.toBe('false');

    await cell.click();
    await alice.keyboard.press('Control+BracketRight');
    await expect(cell.textContent()).resolves.toMatch(/^\s+# Heading$/);
    await alice.keyboard.press('Control+BracketLeft');
    await expect(cell.textContent()).resolves.toBe('# Heading');
    await shot(alice, 'w02-notebook-tab');
  });

  test('at 375 px the nav is a menu, nothing scrolls sideways, and the composer is on screen (en and zh)', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const { context, page } = await e2e.newUser({ width: 375, locale: lang === 'zh' ? 'zh-CN' : 'en-US' });
      await page.goto('/signin');
      await page.locator('input[autocomplete=username], input[name=username]').first().fill(aliceName);
      await page.locator('input[type=password]').fill('correct horse battery');
      await page.getByTestId('auth-submit').click();
      await page.getByTestId('sign-out').waitFor();
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
      // The top bar is one row (brand, menu, status, language, avatar, sign-out).
      await expect(page.locator('.topbar').evaluate((el) => el.getBoundingClientRect().height)).resolves.toBeLessThan(60);
      // The links are behind the menu button, and all of them are there when it opens.
      await expect(page.locator('#mainnav').isVisible()).resolves.toBe(false);
      await page.getByTestId('nav-toggle').click();
      await page.locator('#mainnav a[href="/map"]').waitFor();
      await expect(page.locator('#mainnav a[href="/search"]').isVisible()).resolves.toBe(true);
      await shot(page, `w03-mobile-menu-${lang}`);
      await page.locator('#mainnav a[href="/rooms"]').click();
      await page.locator('#mainnav').waitFor({ state: 'hidden' });

      await page.goto(roomPath);
      const composer = page.getByTestId('composer');
      await composer.waitFor();
      const box = await composer.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(860);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(375);
      await shot(page, `w04-mobile-room-${lang}`);
      // Alice's other tabs would read later messages in this room: close them.
      await context.close();
    }
  });

  test('a bad room, thread or notebook link and an unknown path are "not found" pages, not errors', async () => {
    for (const path of ['/rooms/no-such-room', '/threads/no-such-thread', '/notebooks/no-such-notebook', '/no/such/page']) {
      await alice.goto(path);
      const page = alice.getByTestId('not-found');
      await page.waitFor();
      await expect(page.locator('h1').textContent()).resolves.toBe('Not found');
      await expect(alice.locator('main').textContent()).resolves.not.toContain('Something went wrong');
    }
    await alice.goto('/rooms/no-such-room');
    await alice.getByTestId('not-found').waitFor();
    await shot(alice, 'w05-room-not-found');
  });

  test('unread counts reach Home live with the mention beside the count; the room opens at a "new messages" divider; Your rooms lists only joined rooms', async () => {
    expect(roomPath).not.toBe('');
    // A public room Alice never joined is not one of "her" rooms.
    await newRoom(bob, 'Bob only 独享');
    await bob.goto(roomPath);
    // Opening a public room joins it (or offers the button, on hubs that do not join on open).
    await Promise.race([bob.getByTestId('composer').waitFor(), bob.getByRole('button', { name: 'Join room' }).click()]);
    await bob.getByTestId('composer').waitFor();

    await alice.goto('/');
    const yourRooms = alice.locator('section[aria-labelledby=h-rooms]');
    await yourRooms.getByText('Keyboard 键盘').waitFor();
    for (const body of ['one', 'two', `three @${aliceName} `]) {
      await bob.getByTestId('composer').fill(body);
      await bob.getByTestId('composer').press('Enter');
      await bob.locator('[data-testid=message][data-state=stored]').filter({ hasText: body.trim() }).waitFor();
    }
    // Alice stays on Home: the counts arrive without a reload.
    const badge = yourRooms.locator('[data-testid=unread-badge][data-unread="3"][data-mentions="1"]');
    await badge.waitFor({ timeout: 20000 });
    await expect(badge.locator('.badge').allTextContents()).resolves.toEqual(['3', '@1']);
    await expect(yourRooms.textContent()).resolves.not.toContain('Bob only');
    await shot(alice, 'w06-home-unread');

    await yourRooms.getByText('Keyboard 键盘').click();
    const divider = alice.getByTestId('new-divider');
    await divider.waitFor();
    // The divider sits right before Bob's first new message.
    await expect(divider.evaluate((el) => el.nextElementSibling?.querySelector('[data-testid=message-body]')?.textContent)).resolves.toBe('one');
    await shot(alice, 'w07-room-divider');
    // The Rooms list shows it read (no badge for the open room) and the divider stays while the room is open.
    await alice.waitForTimeout(800);
    await expect(alice.getByTestId('new-divider').count()).resolves.toBe(1);
  });

  test('an editor made a viewer while typing gets a read-only editor at once, a notice, and the text the hub refused to copy', async () => {
    await alice.goto('/notebooks');
    await alice.getByTestId('new-notebook').click();
    await alice.getByTestId('notebook-title').fill('Downgrade 降级');
    await alice.getByTestId('notebook-create').click();
    await alice.waitForURL(/\/notebooks\/[^/]+$/);
    const notebookId = new URL(alice.url()).pathname.split('/').pop()!;
    await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();
    const bobId = await bob.evaluate(async () => ((await (await fetch('/api/me')).json()) as { user: { id: string } }).user.id);
    const setRole = (role: string) =>
      alice.evaluate(async ([nb, user, r]) => (await fetch(`/api/notebooks/${nb}/members/${user}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ role: r }) })).status, [notebookId, bobId, role] as const);
    expect(await setRole('editor')).toBeLessThan(300);

    await bob.goto(`/notebooks/${notebookId}`);
    await bob.getByTestId('nb-status').and(bob.locator('[data-status=live]')).waitFor();
    const bobCell = bob.locator('[data-testid=cell]').first().locator('.cm-content');
    await bobCell.click();
    await bob.keyboard.type('saved part. ', { delay: 10 });
    await waitForText(alice.locator('[data-testid=cell]').first().locator('.cm-content'), 'saved part.');
    // Let the role re-check that this typing started finish first (so the next keystrokes are the refused ones).
    await bob.waitForTimeout(2000);

    expect(await setRole('viewer')).toBeLessThan(300);
    await bob.keyboard.type('lost words', { delay: 10 });
    const notice = bob.getByTestId('downgrade-notice');
    await notice.waitFor({ timeout: 15000 });
    await bob.getByTestId('unsaved-text').first().waitFor();
    await expect(bob.getByTestId('unsaved-text').first().inputValue()).resolves.toContain('lost words');
    // The editor is read-only, and shows the hub's copy (the refused words are only in the notice).
    await expect(bob.locator('[data-testid=cell]').first().locator('.cm-content').getAttribute('contenteditable')).resolves.toBe('false');
    await waitForText(bob.locator('[data-testid=cell]').first().locator('.cm-content'), 'saved part.');
    await expect(bob.locator('[data-testid=cell]').first().locator('.cm-content').textContent()).resolves.not.toContain('lost words');
    await expect(alice.locator('[data-testid=cell]').first().locator('.cm-content').textContent()).resolves.not.toContain('lost');
    await shot(bob, 'w08-viewer-downgrade');
    // Typing now changes nothing.
    await bob.locator('[data-testid=cell]').first().locator('.cm-content').click();
    await bob.keyboard.type('more');
    await expect(bob.locator('[data-testid=cell]').first().locator('.cm-content').textContent()).resolves.not.toContain('more');
  });

  test('a metrics cell starts with a placeholder header; several series, log scale and smoothing are the viewer\'s to pick', async () => {
    await alice.goto('/notebooks');
    await alice.getByTestId('new-notebook').click();
    await alice.getByTestId('notebook-title').fill('Metrics 指标');
    await alice.getByTestId('notebook-create').click();
    await alice.waitForURL(/\/notebooks\/[^/]+$/);
    await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();
    await alice.getByTestId('add-metrics').click();
    const cell = alice.locator('[data-testid=cell][data-cell-type=metrics]');
    await cell.waitFor();
    // No text to type over: the header is a placeholder.
    await waitForText(cell.locator('.cm-placeholder'), 'epoch,loss');
    const typed = () => cell.locator('.cm-content').evaluate((el) => [...el.querySelectorAll('.cm-line')].map((l) => [...l.childNodes].filter((n) => !(n instanceof HTMLElement && n.classList.contains('cm-placeholder'))).map((n) => n.textContent).join('')).join('\n'));
    await expect(typed()).resolves.toBe('');
    await cell.locator('.cm-content').click();
    await alice.keyboard.type('epoch,loss,acc\n1,0.92,0.41\n2,0.61,0.55\n3,0.40,0.63\n4,0.33,0.70\n5,0.30,0.72', { delay: 3 });
    await cell.locator('[data-testid=metrics-chart] canvas').waitFor();
    await expect(typed()).resolves.toMatch(/^epoch,loss,acc\n1,0.92,0.41\n/);
    await waitForText(cell.locator('.u-legend'), 'acc');
    // Pick series: acc off, then log scale and smoothing.
    await cell.getByTestId('series-toggle').nth(1).uncheck();
    await expect(cell.locator('.u-legend').textContent()).resolves.not.toContain('acc');
    await cell.getByTestId('log-scale').check();
    await cell.getByTestId('smoothing').fill('0.6');
    await cell.locator('[data-testid=metrics-chart] canvas').waitFor();
    await expect(cell.getByTestId('log-scale').isChecked()).resolves.toBe(true);
    await shot(alice, 'w09-metrics');
  });
});
