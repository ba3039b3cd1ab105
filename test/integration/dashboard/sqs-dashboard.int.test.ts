import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { stringify } from 'yaml';
import { haveChromium, launchChromium, screenshot, watchedPage } from '../../helpers/browser.js';
import { cleanEnv, startGatewayProcess, type GatewayProcess } from '../../helpers/cli.js';
import { startFauxqsPeer, type FauxqsPeer } from '../../helpers/fauxqs.js';
import { request } from '../../helpers/http-client.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/**
 * Issue 14 §3: the dashboard "works with the SQS driver too for what the queue can tell". A
 * `sluice serve` process on an SQS queue (fauxqs): the page shows the queue's depth and dead
 * letters, and names what SQS cannot tell (the oldest message's age, a history) instead of an
 * error or a list that waits forever.
 */
describe.skipIf(!haveChromium)('Dashboard: on the SQS driver, in headless Chromium', () => {
  let dir: string;
  let peer: FauxqsPeer;
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let serve: GatewayProcess | undefined;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sluice-sqs-ui-'));
    [peer, upstream] = await Promise.all([startFauxqsPeer(), startUpstream()]);
    // /slow stays in the queue (the destination is down for it), /doomed dead-letters at once.
    receiver = await startWebhookReceiver({
      behaviour: (delivery) => (delivery.body.includes('/api/doomed') ? { status: 422 } : delivery.body.includes('/api/slow') ? { status: 503 } : undefined),
    });
    const pair = await peer.createQueuePair({ maxReceiveCount: 50 });
    const config = {
      listen: { host: '127.0.0.1', port: 0 },
      queue: {
        driver: 'sqs',
        queue_url: pair.queueUrl,
        dlq_url: pair.dlqUrl,
        payload_bucket: await peer.createBucket(),
        region: 'us-east-1',
        endpoint: peer.endpoint,
      },
      destination: { url: receiver.url, dead_letter_on_4xx: true },
      routes: [{ name: 'tap', match: { path_prefix: '/' }, target: { type: 'http', url: upstream.url }, capture: true }],
    };
    const file = join(dir, 'sluice.yaml');
    await writeFile(file, stringify(config));
    serve = await startGatewayProcess(['--config', file], { command: 'serve', env: cleanEnv(peer.env()) });
    await request(`${serve.url}/api/users`, { method: 'POST', body: '{"name":"morpheus"}' });
    await request(`${serve.url}/api/slow`);
    await request(`${serve.url}/api/doomed`, { method: 'DELETE' });
    await receiver.waitFor((r) => r.deliveries.some((d) => d.body.includes('/api/doomed')) && r.deliveries.some((d) => d.body.includes('/api/slow')));
    browser = await launchChromium();
    page = await watchedPage(browser, errors);
  });

  afterAll(async () => {
    await browser?.close();
    serve?.child.kill('SIGTERM');
    await serve?.exited;
    await Promise.all([peer?.stop(), upstream?.close(), receiver?.close()]);
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('shows the queue as SQS tells it, and names the oldest age as not available', async () => {
    // Prepare
    onTestFailed(() => console.error(`sluice serve stderr (tail):\n${serve?.stderr().slice(-4000)}`));
    const fact = (term: string) => page.locator('.queue-now dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

    // Act
    await page.goto(`${serve!.adminUrl}/#/charts`);
    await page.locator('.queue-now dl').waitFor();
    // The dead letter is counted once the forwarder has moved it; the page refreshes itself.
    await page.locator('.queue-now dd', { hasText: /^1$/ }).first().waitFor();
    await fact('Dead letters').filter({ hasText: /^1$/ }).waitFor();
    await page.locator('svg.chart').first().waitFor();
    await screenshot(page, 'sqs-charts');

    // Assess
    await expect(fact('Depth').textContent()).resolves.toMatch(/^[1-9]\d*$/);
    await expect(fact('Oldest message').textContent()).resolves.toContain('not reported by SQS');
    const oldest = page.locator('figure.chart-card', { hasText: 'Oldest message age' });
    await expect(oldest.textContent()).resolves.toMatch(/not available.*CloudWatch/);
    await expect(oldest.locator('svg').count()).resolves.toBe(0);
    await expect(page.getByRole('img', { name: /^Queue depth:/ }).count()).resolves.toBe(1);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
  });

  it('lists the dead letter, and says the tail, search and replay need a history SQS does not keep', async () => {
    // Act
    await page.goto(`${serve!.adminUrl}/#/dlq`);
    await page.locator('table.dlq tbody tr', { hasText: '/api/doomed' }).waitFor();
    await screenshot(page, 'sqs-dlq');
    const notices: string[] = [];
    for (const section of ['tail', 'search', 'replay']) {
      await page.goto(`${serve!.adminUrl}/#/${section}`);
      notices.push((await page.locator('.notice').textContent())!);
    }
    await screenshot(page, 'sqs-replay');

    // Assess
    expect(notices).toHaveLength(3);
    for (const notice of notices) expect(notice).toMatch(/^Not available: .*keeps none \(only the embedded queue keeps a history/);
    await expect(page.getByText('Waiting for traffic').count()).resolves.toBe(0);
    await expect(page.getByRole('alert').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });
});
