import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haveChromium, launchChromium, screenshot, watchedPage } from '../../helpers/browser.js';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { request } from '../../helpers/http-client.js';
import { waitFor } from '../../helpers/wait-for.js';

/** Controls Playwright's ARIA snapshot lists without a name (`- textbox`, not `- textbox "Text"`). */
const UNNAMED_CONTROL = /^\s*- (textbox|searchbox|combobox|checkbox|button|link|spinbutton)(?: \[[^\]]*\])*:?$/m;

/**
 * Issue 14 §3: the dashboard is "accessible (labels, keyboard)". The main flows are done with
 * the keyboard alone (Tab, Shift+Tab, Enter, Escape: never a click), focus lands on each new
 * page's heading, and every form control has an accessible name.
 */
describe.skipIf(!haveChromium)('Dashboard: with the keyboard only, in headless Chromium', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  // Typed by hand: the tests' TypeScript has no DOM types.
  const isFocused = (target: Locator): Promise<boolean> =>
    target.evaluate((element: { ownerDocument: { activeElement: unknown } }) => element === element.ownerDocument.activeElement);

  /** Presses Tab (or Shift+Tab) until `target` has the focus, as a person would; fails past `limit` presses. */
  async function tabTo(target: Locator, options: { back?: boolean; limit?: number } = {}): Promise<number> {
    await target.waitFor();
    for (let presses = 1; presses <= (options.limit ?? 40); presses += 1) {
      await page.keyboard.press(options.back === true ? 'Shift+Tab' : 'Tab');
      if (await isFocused(target)) return presses;
    }
    const focused = await page.evaluate<string>('document.activeElement?.outerHTML.slice(0, 200) ?? "none"');
    throw new Error(`Tab never reached ${target.toString()}; the focus is on ${focused}`);
  }

  beforeAll(async () => {
    stack = await startDashboardStack();
    await request(`${stack.gw.url}/api/users`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '{"name":"morpheus"}' });
    await request(`${stack.gw.url}/api/orders?id=4711`);
    await request(`${stack.gw.url}/api/doomed`, { method: 'DELETE' });
    await waitFor(() => stack.receiver.deliveries.length >= 3, 'three deliveries');
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('searches, opens an exchange and moves between pages with Tab and Enter, focus on each new heading', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/search`);
    await page.locator('table.exchanges tbody tr').first().waitFor();

    // Act
    await page.keyboard.press('Tab');
    const skipFirst = await isFocused(page.getByRole('link', { name: 'Skip to content' }));
    await page.keyboard.press('Enter');
    await tabTo(page.getByRole('searchbox', { name: 'Text' }));
    await page.keyboard.type('morpheus');
    await page.keyboard.press('Enter');
    await page.waitForURL(/#\/search\?q=morpheus/);
    const rows = page.locator('table.exchanges tbody tr');
    await rows.filter({ hasText: '/api/orders' }).waitFor({ state: 'detached' });
    // The old table goes before the new one comes: count once the match is shown.
    await rows.filter({ hasText: '/api/users' }).first().waitFor();
    const matches = await rows.count();
    await tabTo(page.getByRole('link', { name: '/api/users' }));
    await page.keyboard.press('Enter');
    const detailHeading = page.getByRole('heading', { level: 1, name: 'POST /api/users' });
    await detailHeading.waitFor();
    const detailFocused = await isFocused(detailHeading);
    await screenshot(page, 'keyboard-detail');
    await tabTo(page.getByRole('link', { name: 'Dead letters' }), { back: true });
    await page.keyboard.press('Enter');
    const dlqHeading = page.getByRole('heading', { level: 1, name: 'Dead letters' });
    await dlqHeading.waitFor();

    // Assess
    expect(skipFirst).toBe(true);
    expect(matches).toBe(1);
    expect(detailFocused).toBe(true);
    await expect(isFocused(dlqHeading)).resolves.toBe(true);
  });

  it('opens the purge confirmation with Enter, closes it with Escape, and purges nothing', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/dlq`);
    const purge = page.getByRole('button', { name: 'Purge DELETE /api/doomed' });

    // Act
    await tabTo(purge);
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Confirm' });
    await dialog.waitFor();
    await screenshot(page, 'keyboard-confirm');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });

    // Assess
    await expect(isFocused(purge)).resolves.toBe(true);
    const total = (await request(`${stack.adminUrl}/api/dlq`)).json<{ total: number }>().total;
    expect(total).toBe(1);
  });

  it('pauses the live tail when the keyboard moves into it, as the pointer does', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/tail`);
    const list = page.getByRole('region', { name: /^Live exchanges/ });

    // Act
    await tabTo(list);
    await page.getByText('Paused', { exact: true }).waitFor();
    await tabTo(page.getByRole('button', { name: 'Pause' }), { back: true });

    // Assess
    await expect(page.locator('p.hint').textContent()).resolves.toBe('');
  });

  it('names every form control on every page', async () => {
    // Prepare
    const unnamed: string[] = [];

    // Act
    for (const section of ['tail', 'search', 'dlq', 'replay', 'charts']) {
      await page.goto(`${stack.adminUrl}/#/${section}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      await page.locator('main table, main form, main .charts svg, main .empty').first().waitFor();
      const snapshot = await page.locator('body').ariaSnapshot();
      for (const line of snapshot.split('\n')) if (UNNAMED_CONTROL.test(line)) unnamed.push(`${section}: ${line.trim()}`);
    }
    await page.goto(`${stack.adminUrl}/#/search`);
    const searchLabels = ['Text', 'Route', 'Method', 'Status', 'Path prefix', 'Since', 'Until'];
    const searchFound = await Promise.all(searchLabels.map((label) => page.getByLabel(label, { exact: true }).count()));
    // The label's text holds the options' too: the name is what a screen reader reads.
    const delivery = await page.getByRole('combobox', { name: 'Delivery', exact: true }).count();
    await page.goto(`${stack.adminUrl}/#/replay`);
    const replayLabels = ['Send to', 'Exchange ids', 'Route', 'Status', 'Since', 'Rate', /Dry run/];
    const replayFound = await Promise.all(replayLabels.map((label) => page.getByLabel(label, { exact: typeof label === 'string' }).count()));

    // Assess
    expect(unnamed).toEqual([]);
    expect(searchFound).toEqual(searchLabels.map(() => 1));
    expect(delivery).toBe(1);
    expect(replayFound).toEqual(replayLabels.map(() => 1));
    expect(errors).toEqual([]);
  });
});
