import type { DeliveryStatsSummary } from '../forwarder/delivery-stats.js';
import type { QueueSpaceStats, QueueStats } from '../queue/types.js';
import { formatBytes, formatCount, formatDuration } from './format-units.js';
import { formatTable } from './table.js';

export type AlarmSeverity = 'critical' | 'warning';

/** One alarm of the source design, evaluated now. */
export interface AlarmState {
  readonly name: 'dlq_not_empty' | 'oldest_message_age' | 'delivery_errors' | 'queue_size' | 'disk_space';
  readonly severity: AlarmSeverity;
  readonly firing: boolean;
  /** One line for people. */
  readonly detail: string;
}

/** What `sluice status --json` prints. Field names are stable for scripts. */
export interface StatusReport {
  readonly at: string;
  /** `critical` when a critical alarm fires (exit code 1), else `warning` when one fires, else `ok`. */
  readonly state: 'ok' | 'warning' | 'critical';
  readonly queue: {
    readonly path: string | null;
    /** Every message in the main queue: ready, in flight and backing off. */
    readonly depth: number;
    readonly ready: number;
    readonly in_flight: number;
    readonly delayed: number;
    readonly oldest_age_ms: number | null;
  };
  /** Records received at least once and waiting for their next attempt. */
  readonly retries: {
    /** How many; null when the queue cannot tell (`reason` says why). */
    readonly waiting: number | null;
    /** When the earliest is due, ISO 8601; null when none waits, or the queue cannot tell. */
    readonly next_attempt_at: string | null;
    /** Why the figures are null, when they are. */
    readonly reason: string | null;
  };
  readonly dlq: { readonly depth: number };
  /** The embedded queue's footprint; null for SQS. */
  readonly storage: {
    readonly used_bytes: number;
    readonly max_size_bytes: number | null;
    readonly disk_free_bytes: number | null;
    readonly disk_total_bytes: number | null;
    /** Kept free for deletes: captures are refused before the disk has less. */
    readonly headroom_bytes: number;
    readonly reserve_held: boolean;
    /** Why new captures are refused now (`max_size`, `disk`), or null. */
    readonly full: 'max_size' | 'disk' | null;
  } | null;
  /** Null when no forwarder has recorded anything in this queue file. */
  readonly delivery: {
    readonly rate_per_s: number;
    readonly rate_window_s: number;
    readonly window_s: number;
    readonly delivered: number;
    readonly failed_attempts: number;
    readonly dead_lettered: number;
    readonly last_delivered_at: string | null;
    readonly last_failed_at: string | null;
  } | null;
  readonly alarms: readonly AlarmState[];
}

/**
 * Evaluates the source design's alarms over the queue's figures: any dead letter is critical,
 * a message older than the threshold is a warning, and failed delivery attempts in the recent
 * window are a warning.
 *
 * @example
 * ```ts
 * const report = buildStatusReport(await queue.stats(), readDeliveryStats(path), { path, oldestAgeThresholdMs: 900_000 });
 * report.state; // 'ok' | 'warning' | 'critical'
 * ```
 */
export function buildStatusReport(
  stats: QueueStats,
  delivery: DeliveryStatsSummary | undefined,
  options: { path: string | undefined; oldestAgeThresholdMs: number; now?: number },
): StatusReport {
  const now = options.now ?? Date.now();
  const threshold = options.oldestAgeThresholdMs;
  const alarms: AlarmState[] = [
    {
      name: 'dlq_not_empty',
      severity: 'critical',
      firing: stats.dlqDepth > 0,
      detail: stats.dlqDepth > 0 ? `${formatCount(stats.dlqDepth)} in the dead-letter queue (sluice dlq list)` : 'dead-letter queue empty',
    },
    {
      name: 'oldest_message_age',
      severity: 'warning',
      firing: stats.oldestAgeMs !== null && stats.oldestAgeMs > threshold,
      detail:
        stats.oldestAgeMs === null
          ? `queue empty (threshold ${formatDuration(threshold)})`
          : `oldest ${formatDuration(stats.oldestAgeMs)} (threshold ${formatDuration(threshold)})`,
    },
    {
      name: 'delivery_errors',
      severity: 'warning',
      firing: (delivery?.failed ?? 0) > 0,
      detail:
        delivery === undefined
          ? 'no delivery recorded yet'
          : `${formatCount(delivery.failed)} failed attempts in the last ${windowLabel(delivery.errorWindowMs / 1000)}`,
    },
    ...spaceAlarms(stats.space),
  ];
  const state = alarms.some((alarm) => alarm.firing && alarm.severity === 'critical') ? 'critical' : alarms.some((alarm) => alarm.firing) ? 'warning' : 'ok';
  return {
    at: new Date(now).toISOString(),
    state,
    queue: {
      path: options.path ?? null,
      depth: stats.visible + stats.inFlight + stats.delayed,
      ready: stats.visible,
      in_flight: stats.inFlight,
      delayed: stats.delayed,
      oldest_age_ms: stats.oldestAgeMs,
    },
    retries:
      stats.retrying === null
        ? { waiting: null, next_attempt_at: null, reason: RETRIES_UNKNOWN }
        : { waiting: stats.retrying, next_attempt_at: stats.nextRetryAt === null ? null : new Date(stats.nextRetryAt).toISOString(), reason: null },
    dlq: { depth: stats.dlqDepth },
    storage:
      stats.space === undefined
        ? null
        : {
            used_bytes: stats.space.usedBytes,
            max_size_bytes: stats.space.maxBytes,
            disk_free_bytes: stats.space.diskFreeBytes,
            disk_total_bytes: stats.space.diskTotalBytes,
            headroom_bytes: stats.space.headroomBytes,
            reserve_held: stats.space.reserveHeld,
            full: stats.space.full,
          },
    delivery:
      delivery === undefined
        ? null
        : {
            rate_per_s: Math.round(delivery.ratePerSecond * 100) / 100,
            rate_window_s: delivery.rateWindowMs / 1000,
            window_s: delivery.errorWindowMs / 1000,
            delivered: delivery.delivered,
            failed_attempts: delivery.failed,
            dead_lettered: delivery.deadLettered,
            last_delivered_at: delivery.lastDeliveredAt === null ? null : new Date(delivery.lastDeliveredAt).toISOString(),
            last_failed_at: delivery.lastFailedAt === null ? null : new Date(delivery.lastFailedAt).toISOString(),
          },
    alarms,
  };
}

/**
 * The readable table `sluice status` prints.
 *
 * @example
 * ```ts
 * io.stdout.write(renderStatusReport(report));
 * ```
 */
export function renderStatusReport(report: StatusReport, now: number = Date.parse(report.at)): string {
  const { queue, dlq, delivery, retries } = report;
  const ago = (iso: string | null): string => (iso === null ? 'never' : `${formatDuration(now - Date.parse(iso))} ago`);
  const lines = [
    `Queue${queue.path ? `  ${queue.path}` : ''}`,
    formatTable(
      [
        [
          'depth',
          `${formatCount(queue.depth)}  (ready ${formatCount(queue.ready)}, in flight ${formatCount(queue.in_flight)}, backing off ${formatCount(queue.delayed)})`,
        ],
        ['in flight', formatCount(queue.in_flight)],
        ['under retry', retries.waiting === null ? `n/a (${retries.reason ?? 'unknown'})` : formatCount(retries.waiting)],
        [
          'next attempt',
          retries.waiting === null
            ? 'n/a'
            : retries.next_attempt_at === null
              ? '-'
              : `in ${formatDuration(Math.max(0, Date.parse(retries.next_attempt_at) - now))} (${retries.next_attempt_at})`,
        ],
        ['oldest message', queue.oldest_age_ms === null ? '-' : formatDuration(queue.oldest_age_ms)],
        ['dead letters', formatCount(dlq.depth)],
        ...(report.storage === null
          ? []
          : [
              [
                'size',
                `${formatBytes(report.storage.used_bytes)}${report.storage.max_size_bytes === null ? '' : ` of ${formatBytes(report.storage.max_size_bytes)} (queue.max_size)`}`,
              ],
              ['disk free', report.storage.disk_free_bytes === null ? '-' : formatBytes(report.storage.disk_free_bytes)],
            ]),
      ],
      { indent: '  ' },
    ),
    'Delivery (every forwarder on this queue)',
    delivery === null
      ? '  no deliveries recorded yet'
      : formatTable(
          [
            ['rate', `${delivery.rate_per_s.toFixed(delivery.rate_per_s < 10 ? 2 : 1)} records/s (last ${delivery.rate_window_s}s)`],
            [
              `last ${windowLabel(delivery.window_s)}`,
              `${formatCount(delivery.delivered)} delivered, ${formatCount(delivery.failed_attempts)} failed attempts, ${formatCount(delivery.dead_lettered)} dead-lettered`,
            ],
            ['last delivery', ago(delivery.last_delivered_at)],
            ['last failure', ago(delivery.last_failed_at)],
          ],
          { indent: '  ' },
        ),
    'Alarms',
    formatTable(
      report.alarms.map((alarm) => [alarm.firing ? alarm.severity.toUpperCase() : 'OK', ALARM_TITLES[alarm.name], alarm.detail]),
      { indent: '  ' },
    ),
    `Status: ${report.state.toUpperCase()}`,
  ];
  return `${lines.join('\n')}\n`;
}

/** What `sluice status` says when the queue driver cannot count the records under retry. */
const RETRIES_UNKNOWN = 'SQS counts a record waiting for its retry as in flight and cannot list hidden messages';

/** Share of `queue.max_size`, or of the disk, from which the space alarms warn. */
const SPACE_WARNING_RATIO = 0.8;
/**
 * Share of `queue.max_size` from which the queue counts as full: `sluice status` runs in its own
 * process and cannot tell which capture the gateway refused, but one that holds this much
 * refuses all but the smallest.
 */
const QUEUE_FULL_RATIO = 0.95;

/**
 * The space alarms, for a queue that keeps files: `queue_size` is critical from 95% of
 * `queue.max_size` (the queue refuses captures at the limit) and a warning from 80%;
 * `disk_space` is critical while captures are refused for lack of disk (the headroom kept for
 * deletes is reached) and a warning when the disk is 80% full.
 */
function spaceAlarms(space: QueueSpaceStats | undefined): AlarmState[] {
  if (space === undefined) return [];
  const { usedBytes, maxBytes, diskFreeBytes, diskTotalBytes } = space;
  const used = `${formatBytes(usedBytes)} used`;
  const diskKnown = diskFreeBytes !== null && diskTotalBytes !== null && diskTotalBytes > 0;
  const diskWarning = diskKnown && diskFreeBytes < diskTotalBytes * (1 - SPACE_WARNING_RATIO);
  const queueFull = space.full === 'max_size' || (maxBytes !== null && usedBytes >= maxBytes * QUEUE_FULL_RATIO);
  return [
    {
      name: 'queue_size',
      severity: queueFull ? 'critical' : 'warning',
      firing: queueFull || (maxBytes !== null && usedBytes >= maxBytes * SPACE_WARNING_RATIO),
      detail:
        maxBytes === null
          ? `${used} (no queue.max_size)`
          : queueFull
            ? `queue full: ${used} of queue.max_size ${formatBytes(maxBytes)}; new captures are refused`
            : `${used} of queue.max_size ${formatBytes(maxBytes)}`,
    },
    {
      name: 'disk_space',
      severity: space.full === 'disk' ? 'critical' : 'warning',
      firing: space.full === 'disk' || diskWarning,
      detail: !diskKnown
        ? 'free space unknown'
        : space.full === 'disk'
          ? `disk full: ${formatBytes(diskFreeBytes)} free, ${formatBytes(space.headroomBytes)} kept for deletes; new captures are refused`
          : `${formatBytes(diskFreeBytes)} free of ${formatBytes(diskTotalBytes)}${diskWarning ? ' (disk nearly full)' : ''}${space.reserveHeld ? '' : '; no space reserve in place'}`,
    },
  ];
}

function windowLabel(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : formatDuration(seconds * 1000);
}

const ALARM_TITLES: Record<AlarmState['name'], string> = {
  dlq_not_empty: 'dead letters',
  oldest_message_age: 'oldest message age',
  delivery_errors: 'delivery errors',
  queue_size: 'queue size',
  disk_space: 'disk space',
};
