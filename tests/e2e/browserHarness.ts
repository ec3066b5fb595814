import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestHub, type TestHub } from '../helpers/hub';
import { tempDir } from '../helpers/tempDir';

const root = path.resolve(__dirname, '..', '..');
export const ARTIFACTS = path.join(__dirname, 'artifacts');

/** Newest modification time under these paths (skipping node_modules and dist). */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) if (name !== 'node_modules' && name !== 'dist') visit(path.join(p, name));
    } else latest = Math.max(latest, st.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

let builtDir: string | null = null;

/** The built web client: client/dist when it is fresher than every source, else a fresh build in a temp dir. */
export function builtClient(): string {
  if (builtDir) return builtDir;
  const dist = path.join(root, 'client', 'dist');
  const sources = newest([path.join(root, 'client', 'src'), path.join(root, 'client', 'index.html'), path.join(root, 'client', 'vite.config.ts'), path.join(root, 'shared', 'src')]);
  if (fs.existsSync(path.join(dist, 'index.html')) && newest([path.join(dist, 'index.html')]) >= sources) {
    builtDir = dist;
    return dist;
  }
  const out = tempDir('cohort-client-');
  const result = spawnSync(path.join(root, 'node_modules', '.bin', 'vite'), ['build', 'client', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed: ${result.stderr || result.stdout}`);
  builtDir = out;
  return out;
}

export interface E2E {
  hub: TestHub;
  browser: Browser;
  /** A new user: a fresh browser context (own cookies and storage) with one page. */
  newUser(options?: { locale?: string; width?: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

/**
 * A real hub serving the built client, and real headless Chromium. playwright's launch() gives the browser a
 * fresh temporary user data dir of its own (it refuses one in args), and each context is isolated.
 */
export async function startE2E(env: Record<string, string> = {}): Promise<E2E> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const hub = await startTestHub({ env: { CLIENT_DIR: builtClient(), ...env } });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--disable-dev-shm-usage'],
  });
  const contexts: BrowserContext[] = [];
  return {
    hub,
    browser,
    async newUser({ locale = 'en-US', width = 1280 } = {}) {
      const context = await browser.newContext({ baseURL: hub.url, locale, viewport: { width, height: 860 } });
      context.setDefaultTimeout(20000);
      contexts.push(context);
      const page = await context.newPage();
      return { context, page };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await hub.destroy();
    },
  };
}

/** Saves a full-page screenshot under tests/e2e/artifacts/ (kept for every run, failing or not). */
export async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true }).catch(() => undefined);
}

let seq = 0;
export const uniqueName = (base: string) => `${base}${Date.now().toString(36).slice(-5)}${(seq++).toString(36)}`;

/** Signs up through the UI and waits for the home page. */
export async function signUp(page: Page, username: string, displayName: string): Promise<void> {
  await page.goto('/signup');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Display name').fill(displayName);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByTestId('auth-submit').click();
  await page.getByTestId('sign-out').waitFor();
}

/** Waits until the element's text contains `text` (live updates take a moment); fails with what it last saw. */
export async function waitForText(locator: Locator, text: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await locator.textContent({ timeout: Math.max(1000, deadline - Date.now()) }).catch(() => null);
    if (last !== null && last.includes(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`expected text containing ${JSON.stringify(text)}, last saw ${JSON.stringify(last)}`);
}
