// Browser tests: the real server (SQLite) serving the real build, driven in Debian's Chromium by playwright-core.
// Chromium comes from the system (`apt-get install chromium`); without it these suites skip with the reason, or
// fail under PRAT_REQUIRE_ALL=1 (CI).
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ensureWebBuild, distDir } from '../build.mjs';
import { startTestServer, makeUser, type TestServer, type TestUser } from '../../server/src/test/server.ts';

export { makeUser, type TestServer, type TestUser };

const CANDIDATES = [process.env.PRAT_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
export const chromiumPath = CANDIDATES.find((p) => existsSync(p));
const REQUIRE_ALL = process.env.PRAT_REQUIRE_ALL === '1';
const skipReason = chromiumPath ? undefined : `Chromium not found (tried ${CANDIDATES.join(', ')}); install Debian's chromium package or set PRAT_CHROMIUM`;
if (skipReason && REQUIRE_ALL) throw new Error(`PRAT_REQUIRE_ALL=1 but ${skipReason}`);

/** Screenshots of the main screens land here (CI keeps the folder as an artifact). */
export const ARTIFACTS = new URL('../../../test-artifacts/screenshots/', import.meta.url).pathname;

/** A describe() that skips, printing why, when there is no Chromium. */
export function describeBrowser(title: string, fn: () => void): void {
  if (skipReason) console.log(`# skipping "${title}": ${skipReason}`);
  describe(title, { skip: skipReason }, fn);
}

export type WebEnv = {
  server: TestServer;
  browser: Browser;
  url: string;
  close(): Promise<void>;
};

/** Builds the client if needed, starts a server that serves it, and launches Chromium. */
export async function startWeb(config: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): Promise<WebEnv> {
  ensureWebBuild({ quiet: true });
  const server = await startTestServer('sqlite', config, env, { webDir: distDir });
  let browser: Browser;
  try {
    // playwright gives every launch a fresh, empty profile directory of its own (it refuses --user-data-dir).
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    await server.close();
    throw err;
  }
  await mkdir(ARTIFACTS, { recursive: true });
  return {
    server,
    browser,
    url: server.url,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

export type UserPage = { context: BrowserContext; page: Page; user: TestUser };

/**
 * A browser context (its own cookies) signed in as `user` through the login form, like a person would. Page
 * errors fail the test: a React crash or an uncaught exception must not pass unnoticed.
 */
export async function signIn(env: WebEnv, user: TestUser, opts: { locale?: string; viewport?: { width: number; height: number }; bypassCSP?: boolean } = {}): Promise<UserPage> {
  // bypassCSP only for tests that inject a checker script (axe-core); the app itself runs under the real CSP.
  const context = await env.browser.newContext({ baseURL: env.url, locale: opts.locale ?? 'en-US', viewport: opts.viewport ?? { width: 1280, height: 800 }, bypassCSP: opts.bypassCSP ?? false });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  errorsByPage.set(page, errors);
  await page.goto('/login');
  await page.getByLabel(/email or username|e-post eller brukernavn/i).fill(user.user.username);
  await page.getByLabel(/^password$|^passord$/i).fill(user.password);
  await page.getByRole('button', { name: /log in|logg inn/i }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return { context, page, user };
}

const errorsByPage = new WeakMap<Page, string[]>();

/** Uncaught errors the page has thrown since signIn() opened it. */
export function pageErrors(page: Page): string[] {
  return errorsByPage.get(page) ?? [];
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: false });
}
