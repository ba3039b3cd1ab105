import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/cli/load-config.js';
import { runStatus } from '../../../src/cli/status.js';
import type { StatusReport } from '../../../src/cli/status-report.js';
import type { SluiceConfig } from '../../../src/core/config-schema.js';
import { SqliteDeliveryStats } from '../../../src/forwarder/delivery-stats.js';
import { SqliteQueue } from '../../../src/queue/sqlite/sqlite-queue.js';
import { captureIo } from '../../helpers/capture-io.js';
import { runCli } from '../../helpers/cli.js';
import { deadLetterRecords } from '../../helpers/dead-letter-fixtures.js';
import { enqueueRecords } from '../../helpers/forwarder-harness.js';

describe('Command: sluice status', () => {
  let dir: string;
  let path: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sluice-status-'));
    path = join(dir, 'sluice.db');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function configWith(alarmAge = '15m'): Promise<SluiceConfig> {
    const file = join(dir, 'sluice.yaml');
    writeFileSync(file, `queue: { driver: sqlite, path: ${JSON.stringify(path)} }\nalarms: { oldest_message_age: ${alarmAge} }\n`);
    return loadConfig({ config: file });
  }

  async function withQueue(work: (queue: SqliteQueue) => Promise<unknown>): Promise<void> {
    const queue = new SqliteQueue({ path });
    try {
      await work(queue);
    } finally {
      await queue.close();
    }
  }

  it('reports an empty queue as OK with exit code 0', async () => {
    // Prepare
    await withQueue(async () => {});
    const out = captureIo();

    // Act
    const code = await runStatus(await configWith(), { json: true }, out.io);

    // Assess
    const report = JSON.parse(out.stdout()) as StatusReport;
    expect(code).toBe(0);
    expect(report).toMatchObject({
      state: 'ok',
      queue: { depth: 0, ready: 0, in_flight: 0, delayed: 0, oldest_age_ms: null },
      dlq: { depth: 0 },
      delivery: null,
    });
    expect(report.alarms.map((alarm) => [alarm.name, alarm.severity, alarm.firing])).toEqual([
      ['dlq_not_empty', 'critical', false],
      ['oldest_message_age', 'warning', false],
      ['delivery_errors', 'warning', false],
      ['queue_size', 'warning', false],
      ['disk_space', 'warning', false],
    ]);
  });

  it('shows depth, in flight and the oldest age, and warns when the oldest message is past the threshold', async () => {
    // Prepare
    await withQueue(async (queue) => {
      await enqueueRecords(queue, 5);
      await queue.receive({ maxMessages: 2 });
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const out = captureIo();

    // Act
    const code = await runStatus(await configWith('10ms'), { json: true }, out.io);

    // Assess
    const report = JSON.parse(out.stdout()) as StatusReport;
    expect(code).toBe(0);
    expect(report.state).toBe('warning');
    expect(report.queue).toMatchObject({ depth: 5, ready: 3, in_flight: 2 });
    expect(report.queue.oldest_age_ms).toBeGreaterThanOrEqual(20);
    expect(report.alarms.find((alarm) => alarm.name === 'oldest_message_age')?.firing).toBe(true);
  });

  it('is critical with exit code 1 while the dead-letter queue is not empty', async () => {
    // Prepare
    await withQueue((queue) => deadLetterRecords(queue, 2));
    const out = captureIo();

    // Act
    const code = await runStatus(await configWith(), { json: true }, out.io);

    // Assess
    const report = JSON.parse(out.stdout()) as StatusReport;
    expect(code).toBe(1);
    expect(report.state).toBe('critical');
    expect(report.dlq.depth).toBe(2);
  });

  it('shows the delivery rate and warns on failed attempts recorded by every forwarder', async () => {
    // Prepare
    await withQueue(async () => {});
    const now = Date.now();
    const first = SqliteDeliveryStats.open(path);
    const second = SqliteDeliveryStats.open(path);
    for (let i = 0; i < 120; i += 1) (i % 2 ? first : second).record('delivered', now - 1_000);
    first.record('failed', now - 2_000);
    first.close();
    second.close();
    const out = captureIo();

    // Act
    const code = await runStatus(await configWith(), { json: true }, out.io);

    // Assess
    const report = JSON.parse(out.stdout()) as StatusReport;
    expect(code).toBe(0);
    expect(report.state).toBe('warning');
    expect(report.delivery).toMatchObject({ delivered: 120, failed_attempts: 1, dead_lettered: 0 });
    expect(report.delivery!.rate_per_s).toBeGreaterThan(1.5);
    expect(report.alarms.find((alarm) => alarm.name === 'delivery_errors')?.firing).toBe(true);
  });

  it('prints a readable table by default', async () => {
    // Prepare
    await withQueue((queue) => deadLetterRecords(queue, 1));
    const out = captureIo();

    // Act
    await runStatus(await configWith(), {}, out.io);

    // Assess
    const text = out.stdout();
    expect(text).toMatch(/^Queue {2}.*sluice\.db$/m);
    expect(text).toMatch(/^ {2}dead letters +1$/m);
    expect(text).toMatch(/^ {2}CRITICAL +dead letters +1 in the dead-letter queue/m);
    expect(text).toMatch(/^Status: CRITICAL$/m);
  });

  it('refreshes with --watch until stopped, and exits by the last report', async () => {
    // Prepare: reports are awaited, not timed, so a loaded machine cannot reorder them.
    await withQueue(async () => {});
    const out = captureIo();
    const stop = new AbortController();
    const config = await configWith();
    const reports = (): StatusReport[] =>
      out
        .stdout()
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as StatusReport);
    const until = async (done: () => boolean): Promise<void> => {
      const deadline = Date.now() + 10_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error('status --watch did not report in time');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    // Act
    const running = runStatus(config, { json: true, watchSeconds: 0.05, signal: stop.signal }, out.io);
    await until(() => reports().length >= 1);
    await withQueue((queue) => deadLetterRecords(queue, 1));
    await until(() => reports().some((report) => report.state === 'critical'));
    stop.abort();
    const code = await running;

    // Assess
    expect(reports().length).toBeGreaterThanOrEqual(2);
    expect(reports()[0]!.state).toBe('ok');
    expect(reports().at(-1)!.state).toBe('critical');
    expect(code).toBe(1);
  });

  it('refuses a queue that does not exist, without creating it (exit code 1)', async () => {
    // Act
    const result = await runCli(['status', '--data', join(dir, 'nowhere')]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no queue at');
    expect(() => rmSync(join(dir, 'nowhere'))).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });

  it('#10 - shows the records under retry and when the next attempt is due', async () => {
    // Prepare: two records failed and wait for a retry, one was never attempted.
    let due = 0;
    await withQueue(async (queue) => {
      await enqueueRecords(queue, 2);
      const messages = await queue.receive({ maxMessages: 2 });
      due = Date.now() + 60_000;
      await queue.changeVisibility(messages[0]!.receiptHandle, 60_000, '{"class":"network"}');
      await queue.changeVisibility(messages[1]!.receiptHandle, 120_000, '{"class":"network"}');
      await enqueueRecords(queue, 1);
    });
    const out = captureIo();

    // Act
    await runStatus(await configWith(), { json: true }, out.io);
    const table = captureIo();
    await runStatus(await configWith(), {}, table.io);

    // Assess
    const report = JSON.parse(out.stdout()) as StatusReport;
    expect(report.retries).toMatchObject({ waiting: 2, reason: null });
    expect(Math.abs(Date.parse(report.retries.next_attempt_at ?? '') - due)).toBeLessThan(5_000);
    expect(table.stdout()).toMatch(/under retry\s+2\n/);
    expect(table.stdout()).toMatch(/next attempt\s+in (59s|1m 00s) /);
  });

  it('exits with code 1 from the command line while critical', async () => {
    // Prepare
    await withQueue((queue) => deadLetterRecords(queue, 1));

    // Act
    const result = await runCli(['status', '--data', dir]);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Status: CRITICAL');
  });
});
