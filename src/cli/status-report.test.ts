import { describe, expect, it } from 'vitest';
import { buildStatusReport } from './status-report.js';

const empty = { visible: 0, inFlight: 0, delayed: 0, oldestAgeMs: null, dlqDepth: 0 };
const delivery = {
  ratePerSecond: 10,
  rateWindowMs: 60_000,
  errorWindowMs: 300_000,
  delivered: 600,
  failed: 0,
  deadLettered: 0,
  lastDeliveredAt: 0,
  lastFailedAt: null,
};

describe('Function: buildStatusReport', () => {
  it.each([
    { description: 'nothing wrong', stats: empty, failed: 0, state: 'ok' },
    { description: 'a dead letter', stats: { ...empty, dlqDepth: 1 }, failed: 0, state: 'critical' },
    { description: 'an old message', stats: { ...empty, visible: 1, oldestAgeMs: 60_001 }, failed: 0, state: 'warning' },
    { description: 'a message exactly at the threshold', stats: { ...empty, visible: 1, oldestAgeMs: 60_000 }, failed: 0, state: 'ok' },
    { description: 'failed attempts', stats: empty, failed: 3, state: 'warning' },
    { description: 'a dead letter and failed attempts', stats: { ...empty, dlqDepth: 2 }, failed: 3, state: 'critical' },
  ])('is $state with $description', ({ stats, failed, state }) => {
    // Act
    const report = buildStatusReport(stats, { ...delivery, failed }, { path: '/q.db', oldestAgeThresholdMs: 60_000, now: 0 });

    // Assess
    expect(report.state).toBe(state);
  });

  it('counts ready, in flight and backing-off messages in the depth', () => {
    // Act
    const report = buildStatusReport({ visible: 3, inFlight: 2, delayed: 4, oldestAgeMs: 10, dlqDepth: 0 }, undefined, { path: undefined, oldestAgeThresholdMs: 60_000 });

    // Assess
    expect(report.queue).toEqual({ path: null, depth: 9, ready: 3, in_flight: 2, delayed: 4, oldest_age_ms: 10 });
    expect(report.delivery).toBeNull();
  });
});
