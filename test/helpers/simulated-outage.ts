import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateConfig } from '../../src/core/config-parse.js';
import type { DestinationConfig } from '../../src/core/config-schema.js';
import { Forwarder, type DeadLetteredEvent, type RetryScheduledEvent } from '../../src/forwarder/forwarder.js';
import { SqliteQueue } from '../../src/queue/sqlite/sqlite-queue.js';
import type { ReceiverBehaviour, WebhookReceiver } from './webhook-receiver.js';
import { startWebhookReceiver } from './webhook-receiver.js';

/** A failed attempt with the simulated time it happened at. */
export interface TimedRetry extends RetryScheduledEvent {
  readonly at: number;
}

export interface SimulatedDelivery {
  /** The simulated clock, epoch milliseconds: only `advance()` moves it. */
  readonly clock: { now(): number };
  readonly start: number;
  readonly queue: SqliteQueue;
  readonly receiver: WebhookReceiver;
  readonly forwarder: Forwarder;
  readonly retries: TimedRetry[];
  readonly deadLetters: DeadLetteredEvent[];
  /**
   * Runs until no record waits for a retry: each round waits (in real time) until every record
   * due has been attempted, then moves the simulated clock to the next due retry. `beforeJump`
   * sees the time the clock is about to take (e.g. to bring the destination back up).
   */
  run(beforeJump?: (next: number) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real forwarder over the real embedded queue and a real destination on 127.0.0.1, with
 * the retry budget's clock simulated: the queue's visibility and the policy read it, so a
 * backoff of an hour passes in one step while connections, requests and commits stay real.
 *
 * @example
 * ```ts
 * const sim = await startSimulatedDelivery({ destination: {} });
 * await sim.receiver.down();
 * await sim.run(async (next) => { if (next >= sim.start + 20_000) await sim.receiver.listen(); });
 * ```
 */
export async function startSimulatedDelivery(options: {
  /** `destination:` keys as in sluice.yaml (validated, so the defaults apply). */
  readonly destination?: Record<string, unknown>;
  /** Overrides after validation (e.g. a safety net the config would refuse). */
  readonly retry?: Partial<DestinationConfig['retry']>;
  readonly maxReceiveCount?: number;
  readonly behaviour?: ReceiverBehaviour;
}): Promise<SimulatedDelivery> {
  const start = Date.UTC(2026, 11, 4, 9);
  let time = start;
  const clock = { now: () => time };
  const receiver = await startWebhookReceiver(options.behaviour === undefined ? {} : { behaviour: options.behaviour });
  const config = validateConfig({ destination: { url: receiver.url, concurrency: 8, timeout: '5s', ...options.destination } }, { file: 'test' });
  const destination = { ...config.destination!, retry: { ...config.destination!.retry, ...options.retry } };
  const dir = mkdtempSync(join(tmpdir(), 'sluice-outage-'));
  const queue = new SqliteQueue(
    { path: join(dir, 'sluice.db'), max_receive_count: options.maxReceiveCount ?? config.queue.max_receive_count },
    { now: clock.now, pollIntervalMs: 5 },
  );
  const forwarder = new Forwarder({ queue, destination, now: clock.now, pollWaitMs: 50 });
  const retries: TimedRetry[] = [];
  const deadLetters: DeadLetteredEvent[] = [];
  forwarder.on('retry_scheduled', (event) => retries.push({ ...event, at: time }));
  forwarder.on('dead_lettered', (event) => deadLetters.push(event));

  /** Every record due now was attempted and its outcome recorded. */
  async function settled(): Promise<void> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const stats = await queue.stats();
      if (stats.visible === 0 && stats.inFlight === 0 && forwarder.inFlight === 0) return;
      if (Date.now() > deadline) throw new Error(`simulated delivery: records still due after 60 s (${JSON.stringify(stats)})`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  return {
    clock,
    start,
    queue,
    receiver,
    forwarder,
    retries,
    deadLetters,
    async run(beforeJump) {
      forwarder.start();
      for (;;) {
        await settled();
        const { nextRetryAt } = await queue.stats();
        if (nextRetryAt === null) return;
        await beforeJump?.(nextRetryAt);
        time = Math.max(time, nextRetryAt);
      }
    },
    async close() {
      await forwarder.stop({ abort: true });
      await receiver.close();
      await queue.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
