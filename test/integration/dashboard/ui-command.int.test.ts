import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { stringify } from 'yaml';
import { haveChromium, launchChromium, screenshot, watchedPage } from '../../helpers/browser.js';
import { startGatewayProcess, startSluiceProcess, type SluiceProcess } from '../../helpers/cli.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** The dashboard's address, from `sluice ui`'s "dashboard ready" log line. */
function dashboardUrl(stderr: string): string | undefined {
  for (const line of stderr.split('\n')) {
    if (!line.includes('dashboard ready')) continue;
    return (JSON.parse(line) as { url: string }).url.replace(/\/$/, '');
  }
  return undefined;
}

/**
 * Issue 14 §3: `sluice ui --data DIR` serves the dashboard alone for a queue no gateway serves.
 * A `sluice serve` process captures and delivers, then stops; a `sluice ui` process started on
 * its folder shows what happened in a real browser.
 */
describe.skipIf(!haveChromium)('Command: sluice ui (the dashboard alone, in headless Chromium)', () => {
  let dir: string;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let ui: SluiceProcess | undefined;
  let url: string;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-ui-'));
    upstream = await startUpstream({
      routes: {
        '/api/users': (_req, res) => res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"573"}'),
        '/api/orders': (_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('orders are down'),
        '/api/doomed': (_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('fine here'),
      },
    });
    // The destination refuses the records of /api/doomed: they dead-letter at once.
    receiver = await startWebhookReceiver({ behaviour: (delivery) => (delivery.body.includes('/api/doomed') ? { status: 422 } : undefined) });
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      destination: { url: receiver.url, dead_letter_on_4xx: true },
      routes: [{ name: 'tap', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }],
    };
    const file = join(dir, 'sluice.yaml');
    await writeFile(file, stringify(config));

    // Traffic through a gateway and forwarder that then stop, leaving the queue and its history.
    const serve = await startGatewayProcess(['--config', file, '--data', dir], { command: 'serve' });
    await request(`${serve.url}/api/users`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '{"name":"morpheus"}' });
    await request(`${serve.url}/api/orders?id=4711`);
    await request(`${serve.url}/api/doomed`, { method: 'DELETE' });
    await receiver.waitFor((r) => r.deliveries.length >= 3 && r.acceptedIds.size >= 2);
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);

    ui = await startSluiceProcess('ui', ['--data', dir, '--admin', '127.0.0.1:0'], (stderr) => dashboardUrl(stderr) !== undefined);
    url = dashboardUrl(ui.stderr())!;
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    ui?.child.kill('SIGTERM');
    await ui?.exited;
    await Promise.all([upstream?.close(), receiver?.close()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows the stopped gateway\u2019s history: the search finds every exchange, the detail opens', async () => {
    // Prepare
    onTestFailed(() => console.error(`sluice ui stderr:\n${ui?.stderr()}`));

    // Act
    await page.goto(`${url}/#/search`);
    const rows = page.locator('table.exchanges tbody tr');
    await rows.nth(2).waitFor();
    const texts = await rows.allTextContents();
    await screenshot(page, 'ui-search');
    await page.getByRole('link', { name: '/api/users' }).click();
    await page.getByRole('heading', { name: 'Request' }).waitFor();

    // Assess
    expect(texts).toHaveLength(3);
    expect(texts.join('\n')).toMatch(/DELETE\s*\/api\/doomed.*dead letter/);
    expect(texts.join('\n')).toMatch(/GET\s*\/api\/orders\s*503.*delivered/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('POST /api/users');
    await expect(page.locator('figure', { hasText: 'Request body' }).locator('pre').textContent()).resolves.toContain('morpheus');
  });

  it('shows the dead letter, the live tail\u2019s recent past, and the queue on the charts', async () => {
    // Act
    await page.goto(`${url}/#/dlq`);
    await page.locator('table.dlq tbody tr', { hasText: '/api/doomed' }).waitFor();
    await screenshot(page, 'ui-dlq');
    await page.goto(`${url}/#/tail`);
    await page.locator('.tail-list tbody tr').nth(2).waitFor();
    await page.goto(`${url}/#/charts`);
    const deadLetters = page.getByRole('img', { name: /^Dead letters:/ });
    await deadLetters.waitFor();

    // Assess
    await expect(deadLetters.getAttribute('aria-label')).resolves.toBe('Dead letters: 1 messages now');
    await expect(page.getByRole('img', { name: /^Queue depth:/ }).getAttribute('aria-label')).resolves.toBe('Queue depth: 0 messages now');
    // No gateway in this process: its request rates are named as such, not drawn empty.
    await expect(page.locator('figure.chart-card', { hasText: 'Request rate' }).textContent()).resolves.toMatch(/not available.*no gateway runs/);
    await expect(page.locator('.queue-now dd').filter({ hasText: 'queue empty' }).count()).resolves.toBe(1);
    await screenshot(page, 'ui-charts');
    expect(errors).toEqual([]);
  });
});
