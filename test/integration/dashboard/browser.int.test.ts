import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';
import { request } from '../../helpers/http-client.js';
import { waitFor } from '../../helpers/wait-for.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = new URL('../../../test-results/screenshots/', import.meta.url);
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`Skipping the dashboard's browser tests: no Chromium at ${CHROMIUM} (apt-get install chromium; CI installs it).`);

describe.skipIf(!haveChromium)('Dashboard: in headless Chromium', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shot = (name: string) => page.screenshot({ path: new URL(`${name}.png`, SHOTS).pathname, fullPage: true });

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    stack = await startDashboardStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    // A CSP violation or a script error fails the suite: the page must run as served.
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      // An API's refusal (a 4xx the page shows) is logged as a failed load: that is the page's answer, not a fault.
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
    });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('tails exchanges live, including those captured while another page was shown', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/tail`);
    await page.getByRole('heading', { name: 'Live tail' }).waitFor();

    // Act
    await request(`${stack.gw.url}/api/users`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '{"name":"morpheus","job":"leader"}' });
    await page.locator('tr', { hasText: '/api/users' }).first().waitFor();
    await page.getByRole('link', { name: 'Search' }).click();
    await request(`${stack.gw.url}/api/orders?id=4711`);
    await request(`${stack.gw.url}/api/doomed`, { method: 'DELETE' });
    await waitFor(() => stack.receiver.deliveries.length >= 3, 'three deliveries');
    await page.getByRole('link', { name: 'Live tail' }).click();

    // Assess
    await page.locator('tr', { hasText: '/api/doomed' }).first().waitFor();
    await expect(page.locator('.tail-list tbody tr').count()).resolves.toBeGreaterThanOrEqual(3);
    await shot('tail');
  });

  it('searches with filters and opens an exchange: request and response side by side, attempts, curl', async () => {
    // Act
    await page.goto(`${stack.adminUrl}/#/search`);
    await page.getByLabel('Status').fill('5xx');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.locator('table.exchanges tbody tr').first().waitFor();
    const rows = await page.locator('table.exchanges tbody tr').allTextContents();
    await shot('search');
    await page.getByLabel('Status').fill('');
    await page.getByLabel('Text').fill('morpheus');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: '/api/users' }).click();
    await page.getByRole('heading', { name: 'Request' }).waitFor();

    // Assess
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('/api/orders');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('POST /api/users');
    await expect(page.locator('figure', { hasText: 'Response body' }).locator('pre').textContent()).resolves.toContain('"id": "573"');
    await expect(page.locator('section', { hasText: 'Delivery attempts' }).locator('tbody tr').count()).resolves.toBe(1);
    await expect(page.locator('section', { hasText: 'curl' }).locator('pre').textContent()).resolves.toMatch(
      /^curl -X POST 'http:\/\/127\.0\.0\.1:\d+\/api\/users'/,
    );
    await shot('detail');
  });

  it('redrives a dead letter from the DLQ page, and purges only after confirming', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/dlq`);
    await page.locator('table.dlq tbody tr', { hasText: '/api/doomed' }).waitFor();
    await shot('dlq');
    stack.receiver.behaviour = () => undefined;

    // Act
    await page.getByRole('button', { name: 'Redrive DELETE /api/doomed' }).click();
    await page.getByText('The dead-letter queue is empty.').waitFor();
    await waitFor(() => [...stack.receiver.acceptedIds].length >= 3, 'the redriven record accepted');

    // Assess
    const total = (await request(`${stack.adminUrl}/api/dlq`)).json<{ total: number }>().total;
    expect(total).toBe(0);
  });

  it('replays a selection to a URL and shows how the answers compare', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/search`);
    await page.locator('table.exchanges tbody tr').first().waitFor();
    await page.getByRole('checkbox', { name: 'Select POST /api/users' }).check();
    await page.getByRole('button', { name: 'Replay selected…' }).click();
    await page.getByRole('heading', { name: 'Replay' }).waitFor();

    // Act
    await page.getByLabel('Send to').fill(stack.upstream.url);
    await page.getByRole('button', { name: 'Replay', exact: true }).click();
    const outcome = page.locator('section[aria-label="Replay result"] table.replay-results tbody tr');
    await outcome.first().waitFor();

    // Assess
    await expect(page.getByLabel('Exchange ids').inputValue()).resolves.toMatch(/^[0-9a-f-]{36}$/);
    await expect(outcome.first().textContent()).resolves.toMatch(/POST \/api\/users.*201.*201/);
    await shot('replay');
  });

  it('draws the charts of the last hour', async () => {
    // Act
    await page.goto(`${stack.adminUrl}/#/charts`);
    await page.locator('svg.chart path.line').first().waitFor();

    // Assess
    await expect(page.locator('svg.chart').count()).resolves.toBe(6);
    await expect(page.getByRole('img', { name: /^Request rate:/ }).count()).resolves.toBe(1);
    await shot('charts');
  });

  it('fits a phone, and ran without a script error or CSP violation', async () => {
    // Act
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${stack.adminUrl}/#/tail`);
    await phone.locator('.tail-list tbody tr').first().waitFor();
    // Evaluated in the page: a string, since the tests' TypeScript has no DOM types.
    const overflow = await phone.evaluate<number>('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    await phone.screenshot({ path: new URL('tail-phone.png', SHOTS).pathname });
    await phone.close();

    // Assess
    expect(overflow).toBeLessThanOrEqual(0);
    expect(errors).toEqual([]);
  });
});
