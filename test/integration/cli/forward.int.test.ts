import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { cleanEnv, runCli } from '../../helpers/cli.js';
import { enqueueRecords, testSecret } from '../../helpers/forwarder-harness.js';
import { logLines, startForwardProcess, type ForwardProcess } from '../../helpers/forward-process.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../helpers/webhook-receiver.js';

describe('Command: sluice forward', () => {
  let dir: string;
  let receiver: WebhookReceiver | undefined;
  let proc: ForwardProcess | undefined;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-forward-'));
  });

  afterEach(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) proc.child.kill('SIGKILL');
    await proc?.exited;
    proc = undefined;
    await receiver?.close();
    receiver = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** The records a forwarder process delivered, from its own metrics. */
  async function deliveredBy(forwarder: ForwardProcess): Promise<number> {
    const running = logLines(forwarder.stderr()).find((line) => line.msg === 'forwarder running')!;
    const text = await (await fetch(running.metrics as string)).text();
    return Number(/^sluice_delivery_successes_total (\d+)$/m.exec(text)?.[1]);
  }

  async function enqueue(count: number): Promise<string[]> {
    const queue = new SqliteQueue({ path: join(dir, 'sluice.db') });
    try {
      return await enqueueRecords(queue, count);
    } finally {
      await queue.close();
    }
  }

  it('delivers the queued records, signed with SLUICE_SIGNING_SECRET, and serves its metrics', async () => {
    // Prepare
    const secret = testSecret('f');
    receiver = await startWebhookReceiver({ secrets: [secret] });
    const ids = await enqueue(50);

    // Act
    proc = await startForwardProcess(['--data', dir, '--destination', receiver.url, '--metrics-port', '0'], {
      env: cleanEnv({ SLUICE_SIGNING_SECRET: secret }),
    });
    await receiver.waitFor((r) => r.acceptedIds.size === ids.length);
    const running = logLines(proc.stderr()).find((line) => line.msg === 'forwarder running')!;
    const metrics = await (await fetch(running.metrics as string)).text();

    // Assess
    expect(running).toMatchObject({ destination: receiver.url, concurrency: 16, signed: true });
    expect(receiver.deliveries.every((delivery) => delivery.verified === true)).toBe(true);
    expect(metrics).toMatch(/^sluice_delivery_successes_total \d+$/m);
    expect(metrics).toContain('sluice_delivery_duration_seconds_bucket');
  });

  it('finishes the deliveries under way on SIGTERM, then exits with code 0', async () => {
    // Prepare
    receiver = await startWebhookReceiver({ behaviour: () => ({ status: 204, delayMs: 400 }) });
    const ids = await enqueue(40);
    proc = await startForwardProcess(['--data', dir, '--destination', receiver.url]);
    await receiver.waitFor((r) => r.deliveries.length >= 16);

    // Act
    proc.child.kill('SIGTERM');
    const exit = await proc.exited;

    // Assess
    expect(exit.code).toBe(0);
    const started = new Set(receiver.deliveries.map((delivery) => delivery.id));
    expect(receiver.acceptedIds).toEqual(started);
    const queue = new SqliteQueue({ path: join(dir, 'sluice.db') });
    const stats = await queue.stats();
    await queue.close();
    // Every record is either delivered and deleted, or back in the queue for the next forwarder.
    expect(stats.visible + stats.delayed).toBe(ids.length - started.size);
    expect(stats.inFlight).toBe(0);
  });

  it('shares the queue with `sluice status`, which shows the delivery rate', async () => {
    // Prepare
    receiver = await startWebhookReceiver();
    await enqueue(30);
    proc = await startForwardProcess(['--data', dir, '--destination', receiver.url]);
    await receiver.waitFor((r) => r.acceptedIds.size === 30);
    proc.child.kill('SIGTERM');
    await proc.exited;

    // Act
    const result = await runCli(['status', '--data', dir, '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ state: 'ok', queue: { depth: 0 }, delivery: { delivered: 30, failed_attempts: 0 } });
  });

  it('runs beside another forwarder on the same queue: every record delivered once', async () => {
    // Prepare: a destination slow enough (2,000 × 10 ms / 16 in flight ≈ 1.3 s alone) that both
    // processes are up before one of them could drain everything, even on a loaded machine.
    receiver = await startWebhookReceiver({ behaviour: () => ({ status: 204, delayMs: 10 }) });
    const ids = await enqueue(2_000);

    // Act
    const [one, two] = await Promise.all([
      startForwardProcess(['--data', dir, '--destination', receiver.url, '--metrics-port', '0']),
      startForwardProcess(['--data', dir, '--destination', receiver.url, '--metrics-port', '0']),
    ]);
    await receiver.waitFor((r) => r.acceptedIds.size === ids.length, 30_000);
    const successes = await Promise.all([one!, two!].map((proc) => deliveredBy(proc)));
    one!.child.kill('SIGTERM');
    two!.child.kill('SIGTERM');
    const exits = await Promise.all([one!.exited, two!.exited]);

    // Assess
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
    expect(receiver.deliveries).toHaveLength(ids.length);
    expect(successes[0]! + successes[1]!).toBe(ids.length);
    expect(Math.min(...successes)).toBeGreaterThan(0);
  });

  it('refuses to start without a destination (exit code 2)', async () => {
    // Act
    const result = await runCli(['forward', '--data', dir]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('destination');
  });
});
