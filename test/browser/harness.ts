import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/platform/log/logger.js';
import { type RunningLiaise, startLiaise } from '../../src/server.js';

/**
 * What every browser suite shares: Liaise started on `npm start`'s own start-up path
 * (embedded PGlite in a temporary directory, the in-process simulator), Debian's Chromium
 * driven by Playwright, axe at WCAG 2.2 AA, and first sign-in with a one-time password.
 */
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
// Without Chromium on a developer's machine the browser suites are skipped with a notice; in CI
// (.ci/run installs Chromium and sets CI) they always run, so a missing browser fails.
export const haveChromium = existsSync(CHROMIUM);
export const skipBrowser = !haveChromium && !process.env['CI'];
if (skipBrowser) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** Waits until the element contains the text (vitest's expect has no Playwright locator matchers). */
export async function waitForText(page: Page, selector: string, text: string | RegExp, timeout = 30_000) {
  await page.locator(selector).filter({ hasText: text }).first().waitFor({ state: 'visible', timeout });
}

export async function expectAccessible(page: Page) {
  const result = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  expect(result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

export interface BrowserHarness {
  liaise: RunningLiaise;
  browser: Browser;
  close(): Promise<void>;
}

/** Starts Liaise with extra environment (say LIAISE_MIN_CONTACT_AGE) and launches Chromium. */
export async function startBrowserHarness(env: Record<string, string> = {}): Promise<BrowserHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'liaise-e2e-'));
  const liaise = await startLiaise(
    loadConfig({ LIAISE_DATA_DIR: dir, PORT: '0', HOST: '127.0.0.1', SIMULATOR_PORT: '0', LOG_LEVEL: 'silent', ...env }),
    { logger: createLogger('silent') },
  );
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    liaise,
    browser,
    async close() {
      await browser.close();
      await liaise.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** First sign-in: the one-time password, then the forced change to a new one. */
export async function signInFirstTime(liaise: RunningLiaise, page: Page, email: string, oneTimePassword: string, newPassword: string) {
  await page.goto(`${liaise.url}/sign-in`);
  await expectAccessible(page);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(oneTimePassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL('**/account/password');
  await expectAccessible(page);
  await page.getByLabel('Current password').fill(oneTimePassword);
  await page.getByLabel('New password', { exact: true }).fill(newPassword);
  await page.getByLabel('Confirm new password').fill(newPassword);
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.waitForURL('**/account?done=password');
}

/** A member of staff made through the service (as an admin would), signed in on a fresh browser context. */
export async function signedInStaff(
  h: BrowserHarness,
  s: { email: string; displayName: string; role: 'caseworker' | 'manager' | 'records_officer' | 'admin'; team: string | null },
  newPassword: string,
): Promise<Page> {
  const made = await h.liaise.services.staff.createStaff(null, s);
  const page = await (await h.browser.newContext()).newPage();
  await signInFirstTime(h.liaise, page, s.email, made.oneTimePassword, newPassword);
  return page;
}
