import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { encodeFrame, type CaptureMeta } from '../../src/core/capture-frame.js';
import type { CaptureRecord } from '../../src/core/capture-record.js';
import { configDefaults, type DestinationConfig } from '../../src/core/config-schema.js';
import { Forwarder, type ForwarderOptions } from '../../src/forwarder/forwarder.js';
import { SqliteQueue } from '../../src/queue/sqlite/sqlite-queue.js';
import type { Queue } from '../../src/queue/types.js';
import { MemoryQueue } from './forwarder-memory-queue.js';
import { RecordingQueue } from './recording-queue.js';
import { startWebhookReceiver, type ReceiverBehaviour, type WebhookReceiver } from './webhook-receiver.js';
import { captureMeta } from './capture-meta.js';

/** A Standard Webhooks secret for tests (`whsec_` + base64 of 32 bytes). */
export function testSecret(fill = 's'): string {
  return `whsec_${Buffer.from(fill.repeat(32)).toString('base64')}`;
}

/**
 * A capture record as SPEC §1 shapes it, with a fresh UUIDv7 id.
 *
 * @example
 * ```ts
 * const record = captureRecordFactory({ route: 'users' });
 * await queue.send({ id: record.id, body: JSON.stringify(record) });
 * ```
 */
export function captureRecordFactory(overrides: Partial<CaptureRecord> = {}): CaptureRecord {
  return {
    id: uuidv7(),
    timestamp: new Date().toISOString(),
    duration_ms: 12.5,
    route: 'users',
    from: 'api.example.com',
    endpoint: '/api/v1/users',
    method: 'POST',
    query: { page: '2' },
    body: { name: 'morpheus', job: 'leader' },
    request_headers: { 'Content-Type': 'application/json', Authorization: '[REDACTED]' },
    response: { name: 'morpheus', job: 'leader', id: '573' },
    response_headers: { 'Content-Type': 'application/json; charset=utf-8' },
    status: 201,
    ...overrides,
  };
}

/** A binary capture frame, as the embedded gateway stores it, with a fresh UUIDv7 id. */
export function captureFrameFactory(overrides: Partial<CaptureMeta> = {}): { id: string; body: Buffer } {
  const meta = captureMeta({
    id: uuidv7(),
    timestamp: new Date().toISOString(),
    from: 'api.example.com',
    request_headers: ['Content-Type', 'application/json', 'X-Trace', 'abc'],
    ...overrides,
  });
  return { id: meta.id, body: encodeFrame(meta, [Buffer.from('{"name":"morpheus"}')], [Buffer.from('{"id":"573"}')]) };
}

/** Queues `count` JSON records and returns their ids in order. */
export async function enqueueRecords(queue: Queue, count: number, overrides: Partial<CaptureRecord> = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < count; start += 500) {
    const batch = Array.from({ length: Math.min(500, count - start) }, () => captureRecordFactory(overrides));
    await queue.sendBatch(batch.map((record) => ({ id: record.id, body: JSON.stringify(record) })));
    ids.push(...batch.map((record) => record.id));
  }
  return ids;
}

/** A destination with test-sized timings: backoffs of a few milliseconds, a short timeout. */
export function testDestination(
  url: string,
  overrides: Partial<Omit<DestinationConfig, 'retry'>> & { retry?: Partial<DestinationConfig['retry']> } = {},
): DestinationConfig {
  return {
    url,
    signing_secret: [],
    timeout: 2_000,
    concurrency: 4,
    dead_letter_on_4xx: configDefaults.destination.dead_letter_on_4xx,
    headers: {},
    ...overrides,
    retry: { base: 5, cap: 40, max_age: 3_600_000, max_attempts: 5, ...overrides.retry },
  };
}

export interface ForwarderHarness {
  /** The queue under the forwarder, recording the outcome calls made on it. */
  readonly queue: RecordingQueue;
  /** The in-memory queue underneath, when the harness was asked for one. */
  readonly memory: MemoryQueue | undefined;
  readonly receiver: WebhookReceiver;
  readonly forwarder: Forwarder;
  /** Stops the forwarder, then the receiver and the queue. */
  close(): Promise<void>;
}

/**
 * A receiver on 127.0.0.1, a queue (the embedded SQLite driver in a temporary folder, or an
 * in-memory one for tests that script the queue itself) and a started forwarder between them.
 *
 * @example
 * ```ts
 * const h = await startForwarderHarness({ behaviour: () => ({ status: 503 }) });
 * await enqueueRecords(h.queue, 1);
 * ```
 */
export async function startForwarderHarness(
  options: {
    behaviour?: ReceiverBehaviour;
    secrets?: readonly string[];
    destination?: Parameters<typeof testDestination>[1];
    forwarder?: Partial<Omit<ForwarderOptions, 'queue' | 'destination'>>;
    /** The queue's receive limit and the forwarder's `retry.max_attempts`. @default 5 */
    maxReceiveCount?: number;
    start?: boolean;
    queue?: 'sqlite' | 'memory';
  } = {},
): Promise<ForwarderHarness> {
  const receiver = await startWebhookReceiver({
    ...(options.behaviour !== undefined && { behaviour: options.behaviour }),
    ...(options.secrets !== undefined && { secrets: options.secrets }),
  });
  const maxReceiveCount = options.maxReceiveCount ?? 5;
  let memory: MemoryQueue | undefined;
  let dir: string | undefined;
  let inner: Queue;
  if (options.queue === 'memory') {
    inner = memory = new MemoryQueue({ maxReceiveCount });
  } else {
    dir = mkdtempSync(join(tmpdir(), 'sluice-forwarder-'));
    inner = new SqliteQueue({ path: join(dir, 'sluice.db'), max_receive_count: maxReceiveCount }, { pollIntervalMs: 5 });
  }
  const queue = new RecordingQueue(inner);
  const forwarder = new Forwarder({
    queue,
    destination: testDestination(receiver.url, {
      signing_secret: [...(options.secrets ?? [])],
      ...options.destination,
      retry: { max_attempts: maxReceiveCount, ...options.destination?.retry },
    }),
    pollWaitMs: 50,
    ...options.forwarder,
  });
  if (options.start !== false) forwarder.start();
  return {
    queue,
    memory,
    receiver,
    forwarder,
    async close() {
      await forwarder.stop({ abort: true });
      await receiver.close();
      await queue.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}
