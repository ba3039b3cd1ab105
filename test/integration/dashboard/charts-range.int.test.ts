import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboardStack, type DashboardStack } from '../../helpers/dashboard-stack.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium)('Dashboard: the charts time range', () => {
  let stack: DashboardStack;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    stack = await startDashboardStack();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
  });

  it('redraws the axis for the range chosen by keyboard, and keeps it in the address across a reload', async () => {
    // Prepare
    await page.goto(`${stack.adminUrl}/#/charts`);
    const requestRate = page.locator('figure', { hasText: 'Request rate' });
    await requestRate.locator('svg.chart text', { hasText: '-60 min' }).waitFor();
    await expect(page.getByRole('radio', { name: '1 h' }).isChecked()).resolves.toBe(true);

    // Act: the radio group is reached and changed with the keyboard alone.
    await page.getByRole('radio', { name: '1 h' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await requestRate.locator('svg.chart text', { hasText: '-5 min' }).waitFor();
    const address = page.url();
    await page.reload();
    await requestRate.locator('svg.chart text', { hasText: '-5 min' }).waitFor();

    // Assess
    expect(new URL(address).hash).toBe('#/charts?minutes=5');
    await expect(page.getByRole('radio', { name: '5 min', exact: true }).isChecked()).resolves.toBe(true);
    await expect(page.getByRole('group', { name: 'Time range' }).count()).resolves.toBe(1);
    await expect(page.locator('.page-head').textContent()).resolves.toContain('last 5 minutes');
  });
});
