import type { Page } from 'playwright-core';
import { api } from '../helpers/hub';
import { shot, startE2E, uniqueName, waitForText, type E2E } from './browserHarness';
import { CspWatch, summarise } from './cspWatch';
import { startOtherSite, type OtherSite } from './otherSite';

// The semantic pages (search, matches, topic map) draw only once the real model has indexed the content.
jest.setTimeout(600_000);

const PASSWORD = 'correct horse battery';

/** Same-origin JSON call from inside a page: the cookie session, as the app itself calls the API. */
function call(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const res = await fetch(path, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text };
    },
    { method, path, body },
  );
}

/**
 * The hub's Content Security Policy is strict (`script-src 'self'`: no inline script, no eval): every page of
 * the real client, with real content in it, must load and work without the browser refusing anything. A
 * finding here is a real one (an eval, an inline script or style somewhere in the client or a library); the
 * test names the culprit rather than being loosened.
 */
describe('the web client under its Content Security Policy (real Chromium)', () => {
  let e2e: E2E;
  let site: OtherSite;
  let watch: CspWatch;
  let alice: Page;
  let bob: Page;
  const aliceName = uniqueName('alice');
  const bobName = uniqueName('bob');

  beforeAll(async () => {
    e2e = await startE2E({ EMBEDDINGS: 'on' });
    site = await startOtherSite();
    watch = new CspWatch();
    const a = await e2e.newUser();
    const b = await e2e.newUser();
    await watch.context(a.context);
    await watch.context(b.context);
    alice = watch.page(a.page);
    bob = watch.page(b.page);
  }, 600_000);

  afterAll(async () => {
    await site?.close();
    await e2e?.close();
  });

  /** Goes to `path`, waits for what shows the page is drawn, and records what the CSP refused on it. */
  async function visit(page: Page, path: string, ready: (page: Page) => Promise<unknown>, name?: string): Promise<void> {
    await page.goto(path);
    await ready(page);
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await watch.take(page, path);
    if (name) await shot(page, name);
  }

  const heading = (page: Page) => page.locator('main h1').first().waitFor();

  test('every page, signed out and signed in, with content in it, loads without a CSP violation', async () => {
    // Signed out: the root sends to sign-in; sign-up.
    await visit(alice, '/', (p) => p.waitForURL(/\/signin/).then(() => p.getByTestId('auth-submit').waitFor()));
    await visit(alice, '/signup', (p) => p.getByTestId('auth-submit').waitFor());
    await alice.getByLabel('Username').fill(aliceName);
    await alice.getByLabel('Display name').fill('Alice Chen');
    await alice.getByLabel('Password').fill(PASSWORD);
    await alice.getByTestId('auth-submit').click();
    await alice.getByTestId('sign-out').waitFor();
    await watch.take(alice, '/ (home, after signing up)');
    await visit(bob, '/signup', (p) => p.getByTestId('auth-submit').waitFor());
    await bob.getByLabel('Username').fill(bobName);
    await bob.getByLabel('Display name').fill('Bob 王');
    await bob.getByLabel('Password').fill(PASSWORD);
    await bob.getByTestId('auth-submit').click();
    await bob.getByTestId('sign-out').waitFor();
    const bobId = (await call(bob, 'GET', '/api/me')).body.user.id as string;

    // Profiles: Alice's through the form (chips, the saved notice), Bob's through the API.
    await visit(alice, '/profile', heading);
    await alice.getByTestId('profile-role').fill('CEO');
    await alice.getByTestId('profile-hours').fill('30');
    await alice.getByTestId('profile-timezone').fill('Asia/Shanghai');
    for (const [label, items] of [['What you offer', ['B2B sales experience']], ['What you need', ['GPU compute to train our models']], ['Languages', ['English', '中文']]] as const) {
      const input = alice.getByRole('textbox', { name: label, exact: true });
      for (const item of items) {
        await input.fill(item);
        await input.press('Enter');
      }
    }
    await alice.getByTestId('profile-save').click();
    await waitForText(alice.getByTestId('profile-message'), 'Profile saved.');
    await watch.take(alice, '/profile (edited and saved)');
    await shot(alice, 'csp-profile');
    const bobProfile = await call(bob, 'PUT', '/api/me/profile', { role: 'ML engineer', offers: ['闲置的A100显卡算力'], needs: ['企业销售经验'], languages: ['中文', 'English'], hoursPerWeek: 20, timezone: 'Asia/Shanghai' });
    expect(bobProfile.status).toBe(200);

    // Content for every list and detail page: threads on two topics (rich markdown in one), a reply.
    const threads: string[] = [];
    for (const [title, body, tags] of [
      ['How we priced our B2B SaaS', '# Pricing\n\nWe tried **three tiers**:\n\n1. seats\n2. usage\n\n| tier | price |\n| --- | --- |\n| team | $20 |\n\n```ts\nconst price = seats * 20;\n```\n\n> quote\n\n[docs](https://example.com) `inline` ~~old~~', ['pricing', 'saas']],
      ['Usage-based pricing for API products', 'Per call or per seat? What worked for you.', ['pricing']],
      ['Annual vs monthly plans and discounts', 'How big a discount for annual billing?', ['pricing']],
      ['Renting A100 GPUs cheaply for training', 'Spare GPU hours, spot instances, 算力拼车.', ['gpu']],
      ['GPU clusters for fine-tuning LLMs', 'Which cloud had the best H100 availability?', ['gpu', 'llm']],
      ['闲置显卡算力共享', '我们有多余的A100显卡, 可以按小时出租给训练模型的团队。', ['gpu']],
    ] as const) {
      const res = await call(alice, 'POST', '/api/threads', { title, body, tags });
      expect(res.status).toBe(201);
      threads.push(res.body.id);
    }
    expect((await call(bob, 'POST', `/api/threads/${threads[0]}/replies`, { body: 'Usage-based worked for us — *per API call*.' })).status).toBe(201);

    // Rooms: the list, the create dialog, a room with chat, a mention picked from the autocomplete.
    await visit(alice, '/rooms', heading);
    await alice.getByTestId('new-room').click();
    await alice.getByTestId('room-name').fill('GPU 拼车');
    await alice.getByTestId('room-topic').fill('sharing spare A100 hours');
    await watch.take(alice, '/rooms (create dialog open)');
    await alice.getByTestId('create-room-submit').click();
    await alice.waitForURL(/\/rooms\/[^/]+$/);
    const roomPath = new URL(alice.url()).pathname;
    await visit(bob, roomPath, (p) => p.getByTestId('composer').waitFor());
    await visit(alice, roomPath, (p) => p.getByTestId('composer').waitFor());
    await alice.getByTestId('online-count').filter({ hasText: '2 online' }).waitFor();
    await alice.getByTestId('composer').fill('hello, GPU 还有吗?');
    await alice.getByTestId('composer').press('Enter');
    await bob.getByTestId('message-body').filter({ hasText: 'GPU 还有吗' }).waitFor();
    const composer = bob.getByTestId('composer');
    await composer.click();
    await composer.pressSequentially(`yes @${aliceName.slice(0, 4)}`);
    await bob.getByRole('option', { name: /Alice Chen/ }).waitFor();
    await watch.take(bob, `${roomPath} (mention autocomplete open)`);
    await composer.press('Enter');
    await composer.pressSequentially('see you');
    await composer.press('Enter');
    await alice.getByTestId('message-body').filter({ hasText: 'see you' }).waitFor();
    await alice.getByTestId('composer').pressSequentially('typing…');
    await bob.getByTestId('typing').filter({ hasText: 'Alice Chen is typing' }).waitFor();
    await watch.take(alice, `${roomPath} (chat)`);
    await watch.take(bob, `${roomPath} (chat, typing indicator)`);
    await shot(alice, 'csp-room');

    // Threads: the list, the new-thread form, a thread with markdown, a reply and a vote.
    await visit(alice, '/threads', (p) => p.getByRole('link', { name: 'How we priced our B2B SaaS' }).waitFor());
    await alice.getByTestId('new-thread').click();
    await alice.getByTestId('thread-title').waitFor();
    await watch.take(alice, '/threads (new-thread form)');
    await visit(bob, `/threads/${threads[0]}`, (p) => p.getByTestId('reply').first().waitFor());
    await bob.getByTestId('upvote').click();
    await bob.getByTestId('score').filter({ hasText: '1' }).waitFor();
    await watch.take(bob, `/threads/${threads[0]} (voted)`);
    await visit(alice, `/threads/${threads[0]}`, (p) => p.locator('.thread-body strong').filter({ hasText: 'three tiers' }).waitFor(), 'csp-thread');

    // Notebooks: the list, the create form, an editor with markdown, code and a metrics chart; Bob co-edits,
    // so each sees the other's presence and labelled cursor; the versions panel and the share dialog.
    await visit(alice, '/notebooks', heading);
    await alice.getByTestId('new-notebook').click();
    await alice.getByTestId('notebook-title').fill('Training log');
    await watch.take(alice, '/notebooks (create form)');
    await alice.getByTestId('notebook-create').click();
    await alice.waitForURL(/\/notebooks\/[^/]+$/);
    const notebookPath = new URL(alice.url()).pathname;
    await alice.getByTestId('nb-status').and(alice.locator('[data-status=live]')).waitFor();
    const firstCell = alice.locator('[data-testid=cell]').first().locator('.cm-content');
    await firstCell.click();
    await alice.keyboard.type('# Run 12\n\nLoss is **down**.', { delay: 5 });
    await alice.getByTestId('add-code').click();
    const code = alice.locator('[data-testid=cell][data-cell-type=code] .cm-content');
    await code.click();
    await alice.keyboard.type('for epoch in range(4):\n    train(epoch)', { delay: 5 });
    await alice.getByTestId('add-metrics').click();
    const metrics = alice.locator('[data-testid=cell][data-cell-type=metrics]');
    await metrics.locator('.cm-content').click();
    // A new metrics cell starts empty (the header is only its placeholder): type the header too.
    await alice.keyboard.type('epoch,loss\n1,0.92\n2,0.61\n3,0.40\n4,0.33', { delay: 5 });
    await metrics.locator('[data-testid=metrics-chart] canvas').waitFor();
    await waitForText(metrics.locator('.u-legend'), 'loss');
    await metrics.locator('[data-testid=metrics-chart] .u-over').hover({ position: { x: 60, y: 40 } });
    await watch.take(alice, `${notebookPath} (markdown, code, metrics chart)`);

    const notebookId = notebookPath.split('/').pop()!;
    expect((await call(alice, 'PUT', `/api/notebooks/${notebookId}/members/${bobId}`, { role: 'editor' })).status).toBe(200);
    await visit(bob, notebookPath, (p) => p.getByTestId('nb-status').and(p.locator('[data-status=live]')).waitFor());
    await alice.locator('[data-testid=presence] li').nth(1).waitFor();
    await bob.locator('[data-testid=cell]').first().locator('.cm-content').click();
    await bob.keyboard.type(' Bob agrees.', { delay: 5 });
    await firstCell.click();
    await alice.keyboard.press('End');
    await alice.locator('.cm-ySelectionCaret').filter({ hasText: 'Bob 王' }).waitFor();
    await bob.locator('.cm-ySelectionCaret').filter({ hasText: 'Alice Chen' }).waitFor();
    await bob.locator('[data-cell-type=metrics] [data-testid=metrics-chart] canvas').waitFor();
    await watch.take(alice, `${notebookPath} (co-editing: presence, remote cursor)`);
    await watch.take(bob, `${notebookPath} (co-editing, chart)`);
    await shot(alice, 'csp-notebook');

    await alice.getByTestId('versions-toggle').click();
    await alice.getByTestId('version-create').click();
    await alice.locator('.version-list li').first().waitFor();
    await watch.take(alice, `${notebookPath} (versions panel)`);
    await alice.getByTestId('share').click();
    await alice.getByRole('dialog').getByTestId('person-input').waitFor();
    await watch.take(alice, `${notebookPath} (share dialog)`);
    await alice.keyboard.press('Escape');

    // The semantic pages, once the model has indexed the content.
    await visit(alice, '/search?q=GPU%20rental', (p) => p.getByTestId('search-results').locator('a').first().waitFor({ timeout: 240_000 }), 'csp-search');

    const deadline = Date.now() + 300_000;
    const match = alice.getByTestId('match').filter({ hasText: 'Bob 王' });
    for (;;) {
      await alice.goto('/matches');
      await heading(alice);
      if (await match.waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      await watch.take(alice, '/matches (waiting for Bob)');
      if (Date.now() > deadline) throw new Error('Bob was never suggested to Alice');
    }
    await match.locator('.reasons li').first().waitFor();
    await watch.take(alice, '/matches');
    await shot(alice, 'csp-matches');

    const point = alice.locator('[data-testid=topic-map] .map-point');
    for (;;) {
      await alice.goto('/map');
      await heading(alice);
      if (await point.first().waitFor({ timeout: 5000 }).then(() => true, () => false)) break;
      await watch.take(alice, '/map (waiting for clusters)');
      if (Date.now() > deadline) throw new Error('the topic map never drew');
    }
    await point.first().hover();
    await alice.locator('.map-tip').waitFor();
    await watch.take(alice, '/map (a point hovered)');
    await shot(alice, 'csp-map');

    // Home with content, a path that is no page, sign-in while signed in, and signing out.
    await visit(alice, '/', heading);
    await visit(alice, '/no/such/page', (p) => waitForText(p.getByTestId('not-found'), 'There is no page here.'));
    await visit(alice, '/signin', (p) => p.waitForURL((u) => u.pathname === '/').then(() => heading(p)));
    await alice.getByTestId('sign-out').click();
    await alice.waitForURL(/\/signin/);
    await alice.getByTestId('auth-submit').waitFor();
    await watch.take(alice, '/signin (after signing out)');

    expect(await summarise(watch.findings)).toEqual([]);
  });

  test('the security headers are on the page, on assets, on API answers and on errors', async () => {
    const index = await fetch(`${e2e.hub.url}/`);
    const html = await index.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    const responses: Array<[string, Headers]> = [['/', index.headers]];
    for (const path of [...assets, '/rooms/some-room', '/assets/missing.js', '/api/health', '/api/me', '/api/no-such-thing']) responses.push([path, (await fetch(`${e2e.hub.url}${path}`)).headers]);
    const badLogin = await api(e2e.hub, 'POST', '/api/auth/login', { body: { username: 'nobody', password: 'wrong password' } });
    expect(badLogin.status).toBe(401);
    responses.push(['POST /api/auth/login (401)', badLogin.headers]);
    for (const [path, h] of responses) {
      const csp = h.get('content-security-policy') ?? '';
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name, values.join(' ')]));
      expect({ path, directives }).toEqual({
        path,
        directives: expect.objectContaining({
          'default-src': "'self'",
          'script-src': "'self'",
          // CodeMirror's <style> themes and y-codemirror's cursor style attributes need 'unsafe-inline'.
          'style-src': "'self' 'unsafe-inline'",
          'object-src': "'none'",
          'base-uri': "'self'",
          'frame-ancestors': "'none'",
          'form-action': "'self'",
        }),
      });
      expect({ path, xfo: h.get('x-frame-options'), nosniff: h.get('x-content-type-options'), referrer: h.get('referrer-policy') }).toEqual({
        path,
        xfo: 'DENY',
        nosniff: 'nosniff',
        referrer: 'strict-origin-when-cross-origin',
      });
    }
    // Nothing lets a script or style in from elsewhere, and no script runs inline or from eval.
    const csp = index.headers.get('content-security-policy')!;
    expect(csp).not.toMatch(/unsafe-eval|unsafe-hashes|\*|https?:/);
    expect(csp.match(/unsafe-inline/g)).toHaveLength(1);
    // The built page has no inline script or style for the policy to refuse.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=/i);
  });

  test('another site cannot frame the app', async () => {
    const { page } = await e2e.newUser();
    const framed = page.waitForResponse((r) => r.url() === `${e2e.hub.url}/signin`);
    const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors|X-Frame-Options/.test(m.text()) });
    await page.goto(site.page('/frame.html', `<!doctype html><title>win a prize</title><iframe src="${e2e.hub.url}/signin" width="800" height="600"></iframe>`));
    expect((await framed).status()).toBe(200);
    expect((await refused).text()).toContain("frame-ancestors 'none'");
    // Chromium shows its error page in the frame instead: none of the app is inside.
    const frame = page.mainFrame().childFrames()[0]!;
    expect(frame.url()).not.toBe(`${e2e.hub.url}/signin`);
    expect(await frame.locator('#root').count()).toBe(0);
    await shot(page, 'csp-framed-by-other-site');
  });
});
