import type { QueueStats } from '../queue/types.js';

/** One point of the dashboard's charts. Rates are per second over the interval that ended at `at`. */
export interface StatsSample {
  /** Epoch milliseconds. */
  readonly at: number;
  /** Requests answered by the gateway per second; null where this process serves none (`sluice ui`). */
  readonly requestRate: number | null;
  /** Of those, 5xx answers (and exchanges cut before a status) per second. */
  readonly errorRate: number | null;
  /** Records the destination accepted per second. */
  readonly deliveryRate: number | null;
  /** Messages in the main queue: ready, in flight and backing off. */
  readonly queueDepth: number | null;
  /** Age of the oldest message, seconds; 0 when the queue is empty, null when it cannot tell (SQS). */
  readonly oldestAgeSeconds: number | null;
  readonly dlqDepth: number | null;
}

/** Running totals a process keeps; any may be absent. */
export interface StatsCounters {
  readonly requests?: number;
  readonly errors?: number;
  readonly delivered?: number;
}

/** Where the samples come from: the gateway's counters and the queue's figures. */
export interface StatsSource {
  /** Cumulative counts since the process started. */
  counters(): Promise<StatsCounters>;
  /** The queue's figures, or undefined when it cannot be read now. */
  queue(): Promise<QueueStats | undefined>;
  /** A delivery rate measured elsewhere (the forwarders' table, for `sluice ui`), used when `counters` has none. */
  deliveryRate?(): number | undefined;
}

/** A figure of a sample. */
export type StatsKey = Exclude<keyof StatsSample, 'at'>;

/** Why some figures are always null here (the queue driver or the process cannot tell them), by figure. */
export type UnavailableFigures = Readonly<Partial<Record<StatsKey, string>>>;

export interface StatsSeriesOptions {
  /** Figures this process cannot tell, and why: the dashboard says so instead of drawing an empty chart. @default {} */
  readonly unavailable?: UnavailableFigures;
  /** Between samples. @default 10_000 */
  readonly intervalMs?: number;
  /** How much history to keep. @default 3_600_000 (one hour) */
  readonly keepMs?: number;
  readonly now?: () => number;
}

/**
 * A ring of samples over the last hour (360 of 10 s by default) for the dashboard's charts:
 * request rate, error rate, delivery rate, queue depth, oldest age and dead letters. Rates are
 * differences of running counters between samples, so a sample costs a few additions and one
 * `queue.stats()` whatever the traffic, and nothing on the request path.
 *
 * @example
 * ```ts
 * const series = new StatsSeries(gatewayStatsSource(gateway.metrics.registry, queue));
 * series.start();
 * series.samples(15 * 60_000); // the last 15 minutes, oldest first
 * series.stop();
 * ```
 */
export class StatsSeries {
  readonly #source: StatsSource;
  readonly #intervalMs: number;
  readonly #ring: (StatsSample | undefined)[];
  readonly #now: () => number;
  readonly #unavailable: UnavailableFigures;
  #next = 0;
  #previous: { at: number; counters: StatsCounters } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #sampling: Promise<void> | undefined;

  constructor(source: StatsSource, options: StatsSeriesOptions = {}) {
    this.#source = source;
    this.#intervalMs = options.intervalMs ?? 10_000;
    this.#ring = new Array<StatsSample | undefined>(Math.max(1, Math.ceil((options.keepMs ?? 3_600_000) / this.#intervalMs)));
    this.#now = options.now ?? Date.now;
    this.#unavailable = options.unavailable ?? {};
  }

  /** The figures that are always null here, with the reason. */
  get unavailable(): UnavailableFigures {
    return this.#unavailable;
  }

  /** The time between samples, milliseconds. */
  get intervalMs(): number {
    return this.#intervalMs;
  }

  /** Takes a first reading now, then one every interval. Idempotent. */
  start(): void {
    if (this.#timer !== undefined) return;
    void this.sample();
    this.#timer = setInterval(() => void this.sample(), this.#intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }

  /** Takes one reading (at most one at a time); the first only sets the counters' baseline unless the source has gauges. */
  sample(): Promise<void> {
    this.#sampling ??= this.#take().finally(() => (this.#sampling = undefined));
    return this.#sampling;
  }

  /** The samples of the last `windowMs`, oldest first. */
  samples(windowMs = Number.POSITIVE_INFINITY): StatsSample[] {
    const since = this.#now() - windowMs;
    const ordered: StatsSample[] = [];
    for (let index = 0; index < this.#ring.length; index += 1) {
      const sample = this.#ring[(this.#next + index) % this.#ring.length];
      if (sample !== undefined && sample.at >= since) ordered.push(sample);
    }
    return ordered;
  }

  async #take(): Promise<void> {
    const at = this.#now();
    const [counters, queue] = await Promise.all([this.#source.counters().catch((): StatsCounters => ({})), this.#source.queue().catch(() => undefined)]);
    const previous = this.#previous;
    this.#previous = { at, counters };
    const seconds = previous === undefined ? 0 : (at - previous.at) / 1000;
    const rate = (key: keyof StatsCounters): number | null => {
      const now = counters[key];
      const before = previous?.counters[key];
      if (now === undefined || before === undefined || seconds <= 0) return null;
      // A counter reset (a registry cleared) reads as no traffic, never as a negative rate.
      return Math.max(0, now - before) / seconds;
    };
    const measured = this.#source.deliveryRate?.();
    const depth = queue === undefined ? null : queue.visible + queue.inFlight + queue.delayed;
    // An empty queue has nothing waiting: 0 s, as CloudWatch reports it, not a gap in the chart.
    const oldestAgeSeconds = queue?.oldestAgeMs === null || queue === undefined ? (depth === 0 ? 0 : null) : queue.oldestAgeMs / 1000;
    const sample: StatsSample = {
      at,
      requestRate: rate('requests'),
      errorRate: rate('errors'),
      deliveryRate: counters.delivered !== undefined ? rate('delivered') : (measured ?? null),
      queueDepth: depth,
      oldestAgeSeconds,
      dlqDepth: queue?.dlqDepth ?? null,
    };
    this.#ring[this.#next] = sample;
    this.#next = (this.#next + 1) % this.#ring.length;
  }
}
