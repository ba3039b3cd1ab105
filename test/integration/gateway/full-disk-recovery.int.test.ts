import { closeSync, openSync, statfsSync, writeSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusReport } from '../../../src/cli/status-report.js';
import { Forwarder } from '../../../src/forwarder/forwarder.js';
import { runCli } from '../../helpers/cli.js';
import { testDestination } from '../../helpers/forwarder-harness.js';
import { startGateway, tapConfig, type TestGateway } from '../../helpers/gateway.js';
import { request } from '../../helpers/http-client.js';
import { eventually, sample } from '../../helpers/metrics-text.js';
import { mountSmallDisk, type SmallDisk } from '../../helpers/small-disk.js';
import { startUpstream, type Upstream } from '../../helpers/upstream.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

/** Each capture holds the body twice (request and echoed response): about 8 KiB a record. */
const PAD = 'x'.repeat(4 * 1024);
/** Captures sent at once: a burst between two checkpoints, as the author measured. */
const BURST = 16;
const CAPTURES = 192;
const DEAD_LETTERS = 24;

/** Writes `file` until the file system answers ENOSPC: another program taking the last byte. */
function fillDisk(file: string): void {
  const fd = openSync(file, 'w');
  try {
    for (const size of [256 * 1024, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw error;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

function freeBytes(dir: string): number {
  const fs = statfsSync(dir);
  return fs.bavail * fs.bsize;
}

/**
 * Issue 10, point 4, its last part: "`dlq purge`, deletes and delivery keep working on a full
 * disk". Another program fills the disk to its last byte after a burst of captures; then the
 * queue must still deliver every record it acknowledged, `sluice dlq purge --all` (its own
 * process) must free the dead letters, and captures must resume once space returns. Before the
 * fix, delivery failed every time with "queue receive failed: database or disk is full": the
 * write-ahead log owed the database more pages than the space reserve could give back.
 */
describe('Gateway: recovering from a disk another program filled', () => {
  let upstream: Upstream;
  let receiver: WebhookReceiver;
  let disk: SmallDisk;
  let gw: TestGateway | undefined;
  let forwarder: Forwarder | undefined;

  beforeAll(async () => {
    upstream = await startUpstream();
    receiver = await startWebhookReceiver();
    disk = await mountSmallDisk('5m');
  });

  afterAll(async () => {
    await forwarder?.stop({ abort: true });
    await gw?.stop();
    if ('dir' in disk) await disk.unmount();
    await receiver?.close();
    await upstream?.close();
  });

  it('#10 - delivers every acknowledged record, purges the DLQ on 0 bytes free, and captures again once space returns', async (ctx) => {
    if ('skipped' in disk) {
      console.warn(`full-disk recovery test skipped: ${disk.skipped}`);
      ctx.skip();
      return;
    }
    // Prepare: a gateway that cuts a response whose record it could not store, its queue on the small disk.
    const { dir } = disk;
    const dbPath = join(dir, 'sluice.db');
    const configFile = join(dir, 'sluice.yaml');
    await writeFile(configFile, `queue: { driver: sqlite, path: ${JSON.stringify(dbPath)} }\n`);
    gw = await startGateway(tapConfig(upstream.url, { internal_route_prefix: '/__sluice', capture: { on_failure: 'fail' } }), {
      dir,
      captureFailureHoldMs: 1_000,
      checkpointIntervalMs: 20,
    });
    const queue = gw.queue!;
    const metrics = async () => (await request(`${gw!.url}/__sluice/metrics`)).body.toString();
    const post = async (n: number): Promise<boolean> => {
      const body = JSON.stringify({ n, pad: PAD });
      try {
        const res = await request(`${gw!.url}/echo`, { method: 'POST', body, headers: ['Content-Type', 'application/json'] });
        return res.status === 200 && res.body.toString() === body;
      } catch {
        return false;
      }
    };
    const acknowledged = new Set<number>();
    const burst = async (from: number, count: number) => {
      for (let start = from; start < from + count; start += BURST) {
        const answers = await Promise.all(
          Array.from({ length: Math.min(BURST, from + count - start) }, (_, i) => post(start + i).then((ok) => [start + i, ok] as const)),
        );
        for (const [n, ok] of answers) if (ok) acknowledged.add(n);
      }
    };
    // Dead letters with payloads worth purging.
    for (let i = 0; i < DEAD_LETTERS; i += 1) await queue.send({ body: JSON.stringify({ dead: i, pad: PAD + PAD }) });
    for (let left = DEAD_LETTERS; left > 0;) {
      const messages = await queue.receive({ maxMessages: 10 });
      for (const message of messages) await queue.deadLetter(message.receiptHandle, 'test');
      left -= messages.length;
    }

    // Act: a burst of captures, then another program takes every byte left, then more captures.
    await burst(0, CAPTURES);
    const filler = join(dir, 'other-program.bin');
    fillDisk(filler);
    const freeAfterFill = freeBytes(dir);
    await burst(CAPTURES, BURST * 2);
    const status = await runCli(['status', '--config', configFile, '--json'], { timeoutMs: 60_000 });

    // Assess: the disk is full, the refusals are cut responses, and `sluice status` (its own process) is critical.
    expect(freeAfterFill).toBe(0);
    expect(acknowledged.size).toBeGreaterThan(0);
    const report = JSON.parse(status.stdout) as StatusReport;
    expect(report.alarms.find((alarm) => alarm.name === 'disk_space')).toMatchObject({ firing: true, severity: 'critical' });
    expect(status.code).toBe(1);

    // Act: deliver on the full disk, as `sluice serve` does (the same queue, its own forwarder).
    const receiveErrors: string[] = [];
    // A busy machine answers slowly: a short destination timeout would only add retries.
    forwarder = new Forwarder({ queue, destination: testDestination(receiver.url, { timeout: 30_000, concurrency: 16 }), pollWaitMs: 50 });
    forwarder.on('error', (error) => receiveErrors.push(error.message));
    forwarder.start();
    const delivered = () => new Set(receiver.deliveries.map((delivery) => (JSON.parse(delivery.body) as { body: { n: number } }).body.n));
    await eventually(
      async () => {
        const stats = await queue.stats();
        return [...acknowledged].every((n) => delivered().has(n)) && stats.visible + stats.inFlight === 0;
      },
      'every acknowledged record delivered on the full disk',
      300_000,
    ).catch(async (error: Error) => {
      const missing = [...acknowledged].filter((n) => !delivered().has(n));
      const stats = await queue.stats();
      throw new Error(
        `${error.message}; not delivered: ${missing.length} of ${acknowledged.size} (${missing.slice(0, 10).join(', ')}); ` +
          `queue: ${JSON.stringify({ visible: stats.visible, inFlight: stats.inFlight, delayed: stats.delayed, dlq: stats.dlqDepth })}; ` +
          `errors: ${[...new Set(receiveErrors)].join('; ') || 'none'}`,
      );
    });
    const purge = await runCli(['dlq', 'purge', '--all', '--yes', '--config', configFile], { timeoutMs: 60_000 });
    const leftInDlq = (await queue.stats()).dlqDepth;

    // Assess: every record a client received a complete response for was delivered, and the DLQ is empty.
    expect([...acknowledged].filter((n) => !delivered().has(n))).toEqual([]);
    expect(purge.stderr).not.toMatch(/error|full/i);
    expect(purge.code).toBe(0);
    expect(leftInDlq).toBe(0);

    // Act: the other program gives its space back.
    await rm(filler);
    const capturedBefore = sample(await metrics(), 'sluice_captures_total', { route: 'tap' }) ?? 0;

    // Assess: captures resume and health returns to ok.
    await eventually(
      async () => (await post(10_000)) && (sample(await metrics(), 'sluice_captures_total', { route: 'tap' }) ?? 0) > capturedBefore,
      'a capture to be committed again',
      60_000,
    );
    await eventually(async () => (await request(`${gw!.url}/__sluice/healthz`)).status === 200, 'health back to ok', 60_000);
  }, 600_000);
});
