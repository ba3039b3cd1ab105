import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { renderRecord, type CaptureRecord } from '../../src/core/capture-record.js';
import { decodeFrame, isFrame } from '../../src/core/capture-frame.js';
import { relativeTo } from '../../src/cli/load-config.js';
import { validateConfig } from '../../src/core/config-parse.js';
import type { SluiceConfig } from '../../src/core/config-schema.js';
import { AdminServer } from '../../src/gateway/admin-server.js';
import { Gateway, type GatewayOptions } from '../../src/gateway/gateway.js';
import { openQueue } from '../../src/queue/index.js';
import type { Queue } from '../../src/queue/types.js';
import type { Logger } from '../../src/telemetry/logger.js';

export interface TestGateway {
  readonly gateway: Gateway;
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** The admin listener (`/ping`, `/healthz`, `/metrics`) on 127.0.0.1:0, `http://127.0.0.1:PORT`; undefined with `admin: false`. */
  readonly adminUrl: string | undefined;
  readonly admin: AdminServer | undefined;
  readonly config: SluiceConfig;
  /** The embedded queue in a temporary folder, when the configuration captures. */
  readonly queue: Queue | undefined;
  readonly registry: Registry;
  /** Every record in the queue, rendered as a destination receives it, oldest first; removes them. */
  takeRecords(): Promise<CaptureRecord[]>;
  /** Closes the gateway (gracefully unless `force`), then the queue, and deletes the folder. */
  stop(options?: { force?: boolean }): Promise<void>;
}

export interface StartGatewayOptions {
  /** Forwarded to the Gateway; short by default so a stuck test fails fast. */
  readonly drainTimeoutMs?: number;
  /** Open a queue even though no route captures (for /healthz and queue metrics). */
  readonly queue?: boolean;
  /** Wraps the queue the gateway sends to (e.g. to slow down or fail commits). */
  readonly wrapQueue?: (queue: Queue) => Queue;
  /** How long /healthz stays degraded after a capture failure (the Gateway's option). */
  readonly captureFailureHoldMs?: GatewayOptions['captureFailureHoldMs'];
  /** Put the queue in this folder instead of a fresh temporary one (which `stop()` deletes). */
  readonly dir?: string;
  /** The gateway's logger; silent by default. */
  readonly logger?: Logger;
  /** Checkpoint the queue's WAL on a worker thread this often, as `sluice serve|gateway` do (20 ms). Off by default. */
  readonly checkpointIntervalMs?: number;
  /** Read files the configuration names (a route's `schema`) as if it were a file in this folder. */
  readonly configDir?: string;
  /** Where each committed capture is reported (the history, as `sluice serve` opens it). */
  readonly history?: GatewayOptions['history'];
}

/**
 * A config with one route that proxies (and by default captures) everything to `upstreamUrl`.
 * `overrides` are merged at the top level; `route` into the route.
 *
 * @example
 * ```ts
 * const config = tapConfig(upstream.url, { capture: { max_body_bytes: 1024 } });
 * ```
 */
export function tapConfig(upstreamUrl: string, overrides: Record<string, unknown> = {}, route: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    routes: [{ name: 'tap', match: { path_prefix: '/' }, target: { type: 'http', url: upstreamUrl }, capture: true, ...route }],
    ...overrides,
  };
}

/**
 * Starts an in-process Gateway on 127.0.0.1:0 from a raw configuration object (validated like a
 * file), with its admin listener on another 127.0.0.1:0 (unless `admin: false`) and an
 * embedded SQLite queue in a fresh temporary folder when any route captures.
 *
 * @example
 * ```ts
 * const gw = await startGateway(tapConfig(upstream.url));
 * const res = await request(`${gw.url}/echo`);
 * const [record] = await gw.takeRecords();
 * await gw.stop();
 * ```
 */
export async function startGateway(raw: Record<string, unknown>, options: StartGatewayOptions = {}): Promise<TestGateway> {
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'sluice-gw-')));
  const captures = Array.isArray(raw.routes) && raw.routes.some((route) => (route as { capture?: boolean }).capture === true);
  const withQueue = { ...raw, queue: { driver: 'sqlite', path: join(dir, 'sluice.db'), ...(raw.queue as object | undefined) } };
  const config = validateConfig(withQueue, {
    file: 'test',
    ...(options.configDir !== undefined && { readFile: relativeTo(join(options.configDir, 'sluice.yaml')) }),
  });
  let queue: Queue | undefined;
  if (captures || options.queue) {
    queue = openQueue(config.queue, { ...(options.checkpointIntervalMs !== undefined && { checkpointIntervalMs: options.checkpointIntervalMs }) });
  }
  const registry = new Registry();
  const sink = queue && options.wrapQueue ? options.wrapQueue(queue) : queue;
  const gateway = new Gateway({
    config,
    queue: sink,
    registry,
    drainTimeoutMs: options.drainTimeoutMs ?? 5_000,
    ...(options.captureFailureHoldMs !== undefined && { captureFailureHoldMs: options.captureFailureHoldMs }),
    ...(options.logger !== undefined && { logger: options.logger }),
    ...(options.history !== undefined && { history: options.history }),
  });
  const admin =
    config.admin === false
      ? undefined
      : new AdminServer({ listen: config.admin.listen, ...(config.admin.token !== undefined && { token: config.admin.token }), routes: gateway.adminRoutes });
  const adminAddress = await admin?.listen(0, '127.0.0.1');
  const { port } = await gateway.listen(0, '127.0.0.1');
  let stopped: Promise<void> | undefined;

  return {
    gateway,
    url: `http://127.0.0.1:${port}`,
    port,
    adminUrl: adminAddress && `http://127.0.0.1:${adminAddress.port}`,
    admin,
    config,
    queue,
    registry,
    takeRecords: () => (queue ? takeRecords(queue) : Promise.resolve([])),
    stop(stopOptions = {}) {
      stopped ??= (async () => {
        await (stopOptions.force ? gateway.destroy() : gateway.close());
        await admin?.destroy();
        await queue?.close();
        if (options.dir === undefined) await rm(dir, { recursive: true, force: true });
      })();
      return stopped;
    },
  };
}

/**
 * Receives and deletes every visible message, rendering each capture frame into its record.
 * Sorted by id (UUIDv7, so by capture time).
 */
export async function takeRecords(queue: Queue): Promise<CaptureRecord[]> {
  const records: CaptureRecord[] = [];
  for (;;) {
    const messages = await queue.receive({ maxMessages: queue.limits.maxReceiveBatch, visibilityTimeoutMs: 60_000 });
    if (messages.length === 0) break;
    for (const message of messages) {
      if (!isFrame(message.body)) throw new Error(`queued message ${message.id} is not a capture frame`);
      records.push(renderRecord(decodeFrame(message.body)));
      await queue.delete(message.receiptHandle);
    }
  }
  return records.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
