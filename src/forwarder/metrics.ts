import { Counter, Gauge, Histogram, Registry, type Metric } from 'prom-client';
import type { DeadLetterReason, FailureClass } from './failure.js';

/**
 * The forwarder's Prometheus metrics, served on `/metrics` by the gateway. Registering twice on
 * one registry (two forwarders in a process) reuses the existing metrics instead of throwing.
 *
 * @example
 * ```ts
 * const registry = new Registry();
 * const metrics = new ForwarderMetrics(registry);
 * metrics.attempts.inc();
 * await registry.metrics(); // includes sluice_delivery_attempts_total 1
 * ```
 */
export class ForwarderMetrics {
  readonly attempts: Counter;
  readonly successes: Counter;
  readonly failures: Counter<'class'>;
  readonly deadLetters: Counter<'reason'>;
  readonly duration: Histogram;
  readonly inFlight: Gauge;

  constructor(registry: Registry = new Registry()) {
    this.attempts = reuse(
      registry,
      'sluice_delivery_attempts_total',
      () => new Counter({ name: 'sluice_delivery_attempts_total', help: 'Delivery attempts to the destination.', registers: [registry] }),
    );
    this.successes = reuse(
      registry,
      'sluice_delivery_successes_total',
      () => new Counter({ name: 'sluice_delivery_successes_total', help: 'Records the destination accepted (2xx).', registers: [registry] }),
    );
    this.failures = reuse(
      registry,
      'sluice_delivery_failures_total',
      () =>
        new Counter({
          name: 'sluice_delivery_failures_total',
          help: 'Failed delivery attempts, by failure class.',
          labelNames: ['class'] as const,
          registers: [registry],
        }),
    );
    this.deadLetters = reuse(
      registry,
      'sluice_delivery_dead_letters_total',
      () =>
        new Counter({
          name: 'sluice_delivery_dead_letters_total',
          help: 'Records moved to the dead-letter queue, by reason.',
          labelNames: ['reason'] as const,
          registers: [registry],
        }),
    );
    this.duration = reuse(
      registry,
      'sluice_delivery_duration_seconds',
      () =>
        new Histogram({
          name: 'sluice_delivery_duration_seconds',
          help: 'Time from sending a record to the end of the destination answer, for every attempt.',
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
          registers: [registry],
        }),
    );
    this.inFlight = reuse(registry, 'sluice_delivery_in_flight', () => {
      const sources = new Set<() => number>();
      const gauge = new Gauge({
        name: 'sluice_delivery_in_flight',
        help: 'Deliveries under way.',
        registers: [registry],
        // Read at scrape time rather than counted per delivery: nothing to do on the hot path.
        collect() {
          let total = 0;
          for (const source of sources) total += source();
          this.set(total);
        },
      });
      inFlightSources.set(gauge, sources);
      return gauge;
    });
  }

  /** Adds a forwarder's count of deliveries under way to the in-flight gauge. */
  trackInFlight(source: () => number): void {
    inFlightSources.get(this.inFlight)?.add(source);
  }

  /** Removes a source added with {@link trackInFlight}. */
  untrackInFlight(source: () => number): void {
    inFlightSources.get(this.inFlight)?.delete(source);
  }

  /** Counts a failure of the given class. */
  failed(failureClass: FailureClass): void {
    this.failures.inc({ class: failureClass });
  }

  /** Counts a move to the dead-letter queue. */
  deadLettered(reason: DeadLetterReason): void {
    this.deadLetters.inc({ reason });
  }
}

const inFlightSources = new WeakMap<Gauge, Set<() => number>>();

function reuse<T extends Metric<string>>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}
