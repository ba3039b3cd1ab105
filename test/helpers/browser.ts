import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; CI installs it). */
export const CHROMIUM = '/usr/bin/chromium';
/** Where the browser tests keep their screenshots, as artefacts. */
export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url);
export const haveChromium = existsSync(CHROMIUM);

/**
 * Headless Chromium for one test file (launch it once in `beforeAll`, close it in `afterAll`).
 *
 * @example
 * ```ts
 * const browser = await launchChromium();
 * const page = await watchedPage(browser, errors);
 * ```
 */
export async function launchChromium(): Promise<Browser> {
  await mkdir(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/**
 * A laptop-sized page whose script errors and CSP violations are pushed to `errors`: a page
 * that does not run as served fails the test that checks `errors`.
 */
export async function watchedPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // An API's refusal (a 4xx the page shows) is logged as a failed load: that is the page's answer, not a fault.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  return page;
}

/** Saves a full-page screenshot as `test-results/screenshots/NAME.png`. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });
}
