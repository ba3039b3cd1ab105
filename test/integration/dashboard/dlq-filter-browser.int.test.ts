import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueFile } from '../../../src/core/queue-location.js';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { insertDeadLetters } from '../../helpers/dead-letter-rows.js';
import { request } from '../../helpers/http-client.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = new URL('../../../test-results/screenshots/', import.meta.url);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the dead-letter filter's browser test: no Chromium at ${CHROMIUM} (apt-get install chromium; CI installs it).`);

/** More than one page of the API's largest, so only paging can show them all. */
const LETTERS = 1_050;

describe.skipIf(!haveChromium)('Dashboard: the dead-letter page in headless Chromium', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    stack = await startDashboardStack();
    await stack.forwarder.stop();
    const base = Date.now() - 2_000_000;
    // A third are orders the destination refused; the rest users it failed on.
    insertDeadLetters(
      queueFile(stack.gw.config.queue)!,
      Array.from({ length: LETTERS }, (_, index) =>
        index % 3 === 0
          ? {
              meta: { route: 'orders', method: 'PUT', endpoint: '/api/v1/orders/7' },
              failure: { class: 'client_error', status: 410, message: 'HTTP 410 Gone' },
              deadLetteredAt: base + index,
            }
          : { meta: { route: 'users' }, deadLetteredAt: base + index },
      ),
    );
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('pages through more than 1,000 letters', async () => {
    // Act
    await page.goto(`${stack.adminUrl}/#/dlq`);
    await page.getByText(`${LETTERS} dead letters`).waitFor();
    // By id: a role query names every button of a thousand rows on each look.
    const more = page.locator('#dlq-more');
    while (await more.isVisible()) {
      const shown = await page.locator('table.dlq tbody tr').count();
      await more.click();
      await page.locator('table.dlq tbody tr').nth(shown).waitFor();
    }

    // Assess
    await expect(page.locator('table.dlq tbody tr').count()).resolves.toBe(LETTERS);
    expect(errors).toEqual([]);
  });

  it('filters on the server, and purges every match only after confirming the count', async () => {
    // Prepare
    const orders = Math.ceil(LETTERS / 3);
    await page.goto(`${stack.adminUrl}/#/dlq`);
    await page.getByLabel('Route').fill('orders');
    await page.getByLabel('Last status').fill('4xx');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByText(`${orders} of ${LETTERS} dead letters match`).waitFor();

    // Act: cancel first, then confirm.
    await page.getByRole('button', { name: `Purge all matching (${orders})…` }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm' });
    await expect(dialog.getByText(`Purge the ${orders} dead letters matching the filter for good?`).count()).resolves.toBe(1);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    const afterCancel = (await request(`${stack.adminUrl}/api/dlq?limit=1`)).json<{ total: number }>().total;
    await page.getByRole('button', { name: `Purge all matching (${orders})…` }).click();
    await page.screenshot({ path: new URL('dlq-purge-matching.png', SHOTS).pathname, fullPage: false });
    await dialog.getByRole('button', { name: 'Purge' }).click();

    // Assess
    await page.getByText(`Purged ${orders}.`).waitFor();
    await page.getByText(`0 of ${LETTERS - orders} dead letters match`).waitFor();
    await page.getByText('No dead letter matches the filter.').waitFor();
    expect(afterCancel).toBe(LETTERS);
    const left = (await request(`${stack.adminUrl}/api/dlq?limit=1000`)).json<{ total: number; letters: { route: string }[] }>();
    expect(left.total).toBe(LETTERS - orders);
    expect(left.letters.every((letter) => letter.route === 'users')).toBe(true);
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByText(`${LETTERS - orders} dead letters`, { exact: true }).waitFor();
    expect(errors).toEqual([]);
  });
});
