import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../../src/cli/status-report.js';
import { runCli } from '../../helpers/cli.js';
import { startGateway, takeRecords, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { eventually, sample } from '../../helpers/metrics-text.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';

const MAX_SIZE = '256KiB';
/** Each capture holds the body twice (request and echoed response): about 8 KiB a record. */
const PAD = 'x'.repeat(4 * 1024);

function jsonBody(n: number): string {
  return JSON.stringify({ n, pad: PAD });
}

async function post(gw: TestGateway, n: number): Promise<{ n: number; complete: boolean; status?: number }> {
  const body = jsonBody(n);
  try {
    const res = await request(`${gw.url}/echo`, { method: 'POST', body, headers: ['Content-Type', 'application/json'] });
    return { n, complete: res.body.toString() === body, status: res.status };
  } catch {
    return { n, complete: false };
  }
}

async function metrics(gw: TestGateway): Promise<string> {
  return (await request(`${gw.url}/__sluice/metrics`)).body.toString();
}

/**
 * Issue 10, point 4 ("a full disk is loud, bounded and recoverable"), without a small file
 * system: `queue.max_size` bounds the queue in an ordinary temporary folder, so this runs
 * anywhere. The full-disk variant is full-disk.int.test.ts.
 */
describe('Gateway: queue.max_size', () => {
  let upstream: Upstream;
  let dir: string;
  let configFile: string;
  let gw: TestGateway | undefined;

  beforeAll(async () => {
    upstream = await startUpstream();
  });

  afterEach(async () => {
    await gw?.stop();
    gw = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await upstream?.close();
  });

  async function start(onFailure: 'release' | 'fail'): Promise<TestGateway> {
    dir = await mkdtemp(join(tmpdir(), 'sluice-full-'));
    configFile = join(dir, 'sluice.yaml');
    await writeFile(configFile, `queue: { driver: sqlite, path: ${JSON.stringify(join(dir, 'sluice.db'))}, max_size: ${MAX_SIZE} }\n`);
    const raw = tapConfig(upstream.url, { internal_route_prefix: '/__sluice', queue: { max_size: MAX_SIZE }, capture: { on_failure: onFailure } });
    return startGateway(raw, { dir, captureFailureHoldMs: 1_000 });
  }

  it('#10 - release: clients are answered, the failures are loud, and the queue recovers once drained', async () => {
    // Prepare: one dead letter to purge later, then fill the queue past its limit.
    gw = await start('release');
    const queue = gw.queue!;
    await queue.send({ body: 'doomed' });
    const [doomed] = await queue.receive();
    await queue.deadLetter(doomed!.receiptHandle, 'test');

    // Act
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let n = 0; n < 60; n += 1) answers.push(await post(gw, n));
    const filled = await metrics(gw);
    const health = await request(`${gw.url}/__sluice/healthz`);
    const status = await runCli(['status', '--config', configFile, '--json'], { timeoutMs: 60_000 });

    // Assess: every client got its whole response; the failures are counted, health and status say why.
    expect(answers.filter((answer) => !answer.complete || answer.status !== 200)).toEqual([]);
    const failed = sample(filled, 'sluice_capture_failures_total', { route: 'tap', reason: 'queue_full' }) ?? 0;
    const captured = sample(filled, 'sluice_captures_total', { route: 'tap' }) ?? 0;
    expect(failed).toBeGreaterThan(0);
    expect(failed + captured).toBe(60);
    expect(sample(filled, 'sluice_queue_full')).toBe(1);
    expect(sample(filled, 'sluice_queue_max_size_bytes')).toBe(256 * 1024);
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body.toString())).toMatchObject({ status: 'degraded', reason: 'queue_full', capture: { code: 'SLUICE_QUEUE_FULL' } });
    expect(status.code).toBe(1);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.storage).toMatchObject({ max_size_bytes: 256 * 1024 });
    expect(report.alarms.find((alarm) => alarm.name === 'queue_size')).toMatchObject({ severity: 'critical', firing: true });

    // Act: recover — purge the dead letters, deliver (receive + delete) what was captured.
    const purge = await runCli(['dlq', 'purge', '--all', '--yes', '--config', configFile], { timeoutMs: 60_000 });
    const delivered = await takeRecords(queue);

    // Assess: everything committed is there, captures work again and health returns to ok.
    expect(purge.code).toBe(0);
    expect(delivered.map((record) => (record.body as { n: number }).n)).toHaveLength(captured);
    await eventually(
      async () => (await post(gw!, 1000)).complete && (sample(await metrics(gw!), 'sluice_captures_total', { route: 'tap' }) ?? 0) > captured,
      'a capture to be committed again',
    );
    await eventually(async () => (await request(`${gw!.url}/__sluice/healthz`)).status === 200, 'health back to ok');
    const after = await runCli(['status', '--config', configFile, '--json'], { timeoutMs: 60_000 });
    expect(after.code).toBe(0);
  });

  it('#10 - fail: no client holds a complete response whose record was not stored', async () => {
    // Prepare
    gw = await start('fail');

    // Act
    const answers: Awaited<ReturnType<typeof post>>[] = [];
    for (let n = 0; n < 60; n += 1) answers.push(await post(gw, n));
    const stored = new Set((await takeRecords(gw.queue!)).map((record) => (record.body as { n: number }).n));

    // Assess: some responses were cut (the queue filled up), and every complete one has its record.
    const complete = answers.filter((answer) => answer.complete).map((answer) => answer.n);
    expect(complete.length).toBeLessThan(60);
    expect(complete.filter((n) => !stored.has(n))).toEqual([]);
  });
});
