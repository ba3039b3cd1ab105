import { Counter, Gauge, collectDefaultMetrics, type Registry } from 'prom-client';
import type { Queue, QueueStats } from '../queue/types.js';
import type { CaptureFailureReason } from './capture-health.js';
import { RequestCounter, RouteCounter, RouteHistogram } from './hot-path-metrics.js';

/** Queue stats are read at most this often, however many gauges a scrape collects. */
const STATS_TTL_MS = 1_000;

/**
 * The gateway's Prometheus metrics (served on `/metrics`): requests by route and status,
 * upstream latency, captures and capture failures (by reason), and the queue's depth, DLQ depth,
 * oldest message age, size, `queue.max_size` and the free space of its disk.
 *
 * @example
 * ```ts
 * const metrics = new GatewayMetrics(new Registry(), queue);
 * metrics.observe('users', 'GET', 200, 0.012);
 * ```
 */
export class GatewayMetrics {
  readonly registry: Registry;
  readonly #requests: RequestCounter;
  readonly #upstreamSeconds: RouteHistogram;
  readonly #captures: RouteCounter;
  readonly #captureFailures: Counter<'route' | 'reason'>;
  readonly #webSockets: Gauge<'route'>;

  constructor(registry: Registry, queue: Queue | undefined, options: { defaultMetrics?: boolean } = {}) {
    this.registry = registry;
    const registers = [registry];
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'sluice_' });
    this.#requests = new RequestCounter(registry, 'sluice_http_requests_total', 'Requests answered by the gateway, by route, method and status.');
    this.#upstreamSeconds = new RouteHistogram(
      registry,
      'sluice_upstream_duration_seconds',
      'Time from sending a request to the target until its response headers arrived.',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    );
    this.#captures = new RouteCounter(registry, 'sluice_captures_total', 'Exchanges committed to the queue.');
    this.#captureFailures = new Counter({
      name: 'sluice_capture_failures_total',
      help: 'Exchanges whose capture could not be committed, by reason: queue_full (queue.max_size), disk_full, commit_failed.',
      labelNames: ['route', 'reason'],
      registers,
    });
    this.#webSockets = new Gauge({
      name: 'sluice_websocket_connections',
      help: 'WebSocket connections open through the gateway (upgraded and not yet closed).',
      labelNames: ['route'],
      registers,
    });
    if (queue !== undefined) registerQueueGauges(registry, queue);
  }

  observe(route: string, method: string, status: number, targetSeconds: number | undefined): void {
    this.#requests.inc(route, method, status);
    if (targetSeconds !== undefined) this.#upstreamSeconds.observe(route, targetSeconds);
  }

  captured(route: string): void {
    this.#captures.inc(route);
  }

  captureFailed(route: string, reason: CaptureFailureReason): void {
    this.#captureFailures.inc({ route, reason });
  }

  /** A WebSocket tunnel opened (its 101 is counted in `sluice_http_requests_total`). */
  webSocketOpened(route: string): void {
    this.#webSockets.inc({ route });
  }

  webSocketClosed(route: string): void {
    this.#webSockets.dec({ route });
  }
}

function registerQueueGauges(registry: Registry, queue: Queue): void {
  let cached: { at: number; stats: Promise<QueueStats> } | undefined;
  const stats = (): Promise<QueueStats> => {
    const now = Date.now();
    if (cached === undefined || now - cached.at > STATS_TTL_MS) cached = { at: now, stats: queue.stats() };
    return cached.stats;
  };
  const gauge = (name: string, help: string, read: (s: QueueStats) => number | null | undefined): void => {
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        // A figure the driver does not have (SQS keeps no files) is left out, not reported as 0.
        const value = read(await stats());
        if (value === null || value === undefined) this.reset();
        else this.set(value);
      },
    });
  };
  gauge('sluice_queue_depth', 'Messages waiting in the main queue (visible and delayed).', (s) => s.visible + s.delayed);
  gauge('sluice_queue_in_flight', 'Messages received and not yet acknowledged.', (s) => s.inFlight);
  gauge('sluice_queue_oldest_message_age_seconds', 'Age of the oldest message in the main queue.', (s) => (s.oldestAgeMs ?? 0) / 1000);
  gauge('sluice_dlq_depth', 'Messages in the dead-letter queue.', (s) => s.dlqDepth);
  gauge(
    'sluice_queue_size_bytes',
    "Space the queue's data takes (what queue.max_size counts): database pages in use and blob files.",
    (s) => s.space?.usedBytes,
  );
  gauge('sluice_queue_max_size_bytes', 'queue.max_size: new captures are refused beyond it (absent without a limit).', (s) => s.space?.maxBytes);
  gauge('sluice_queue_disk_free_bytes', 'Free space on the file system holding the queue.', (s) => s.space?.diskFreeBytes);
  gauge('sluice_queue_full', 'Whether the queue refuses new captures now: 1 at queue.max_size or on a full disk, else 0.', (s) =>
    s.space === undefined ? undefined : s.space.full === null ? 0 : 1,
  );
}
