import { describe, expect, it } from 'vitest';
import type { QueueStats } from '../queue/types.js';
import { StatsSeries, type StatsCounters } from './stats-series.js';

function queueStats(depth: number): QueueStats {
  return { visible: depth, inFlight: 1, delayed: 0, retrying: 0, nextRetryAt: null, oldestAgeMs: 4_000, dlqDepth: 2 };
}

describe('Class: StatsSeries', () => {
  it('turns running counters into per-second rates between samples', async () => {
    // Prepare
    let now = 1_000_000;
    let counters: StatsCounters = { requests: 100, errors: 10, delivered: 50 };
    const series = new StatsSeries({ counters: async () => counters, queue: async () => queueStats(3) }, { intervalMs: 10_000, now: () => now });

    // Act
    await series.sample();
    now += 10_000;
    counters = { requests: 300, errors: 30, delivered: 150 };
    await series.sample();

    // Assess
    const [first, second] = series.samples();
    expect(first).toMatchObject({ requestRate: null, queueDepth: 4, oldestAgeSeconds: 4, dlqDepth: 2 });
    expect(second).toEqual({ at: now, requestRate: 20, errorRate: 2, deliveryRate: 10, queueDepth: 4, oldestAgeSeconds: 4, dlqDepth: 2 });
  });

  it('keeps one hour in a ring, oldest first, and returns only the window asked for', async () => {
    // Prepare
    let now = 0;
    const series = new StatsSeries({ counters: async () => ({}), queue: async () => queueStats(0) }, { intervalMs: 10_000, now: () => now });

    // Act: 400 samples, 10 s apart, into a ring of 360.
    for (let index = 0; index < 400; index += 1) {
      now = index * 10_000;
      await series.sample();
    }

    // Assess
    const all = series.samples();
    expect(all).toHaveLength(360);
    expect(all[0]!.at).toBe(40 * 10_000);
    expect(all.at(-1)!.at).toBe(399 * 10_000);
    expect(series.samples(60_000)).toHaveLength(7);
  });

  it('records gaps, not zeros, when the queue cannot be read, and a measured delivery rate when no counter has one', async () => {
    // Prepare
    const series = new StatsSeries({
      counters: async () => ({}),
      queue: async () => {
        throw new Error('locked');
      },
      deliveryRate: () => 1.5,
    });

    // Act
    await series.sample();

    // Assess
    expect(series.samples()[0]).toMatchObject({ requestRate: null, deliveryRate: 1.5, queueDepth: null, oldestAgeSeconds: null, dlqDepth: null });
  });

  it('charts an empty queue as 0 s old, and a busy queue that cannot tell its oldest age (SQS) as a gap', async () => {
    // Prepare
    let stats: QueueStats = { ...queueStats(0), inFlight: 0, oldestAgeMs: null };
    const series = new StatsSeries({ counters: async () => ({}), queue: async () => stats });

    // Act
    await series.sample();
    stats = { ...stats, visible: 5 };
    await series.sample();

    // Assess
    expect(series.samples().map((sample) => sample.oldestAgeSeconds)).toEqual([0, null]);
  });
});
