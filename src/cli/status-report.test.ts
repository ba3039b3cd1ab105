import { describe, expect, it } from 'vitest';
import { buildStatusReport, renderStatusReport } from './status-report.js';

const empty = { visible: 0, inFlight: 0, delayed: 0, retrying: 0, nextRetryAt: null, oldestAgeMs: null, dlqDepth: 0 };
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
    const report = buildStatusReport({ ...empty, visible: 3, inFlight: 2, delayed: 4, oldestAgeMs: 10 }, undefined, {
      path: undefined,
      oldestAgeThresholdMs: 60_000,
    });

    // Assess
    expect(report.queue).toEqual({ path: null, depth: 9, ready: 3, in_flight: 2, delayed: 4, oldest_age_ms: 10 });
    expect(report.delivery).toBeNull();
  });

  it('shows the records under retry and when the next attempt is due', () => {
    // Prepare
    const now = Date.UTC(2026, 11, 4, 12);
    const stats = { ...empty, delayed: 5, retrying: 4, nextRetryAt: now + 90_000, oldestAgeMs: 1_000 };

    // Act
    const report = buildStatusReport(stats, undefined, { path: '/q.db', oldestAgeThresholdMs: 60_000, now });
    const table = renderStatusReport(report);

    // Assess
    expect(report.retries).toEqual({ waiting: 4, next_attempt_at: '2026-12-04T12:01:30.000Z', reason: null });
    expect(table).toMatch(/under retry\s+4\n/);
    expect(table).toMatch(/next attempt\s+in 1m ?30s \(2026-12-04T12:01:30.000Z\)/);
  });

  it('says n/a, and why, when the queue cannot tell (SQS)', () => {
    // Prepare
    const stats = { ...empty, inFlight: 7, retrying: null, nextRetryAt: null };

    // Act
    const report = buildStatusReport(stats, undefined, { path: undefined, oldestAgeThresholdMs: 60_000, now: 0 });
    const table = renderStatusReport(report);

    // Assess
    expect(report.queue.in_flight).toBe(7);
    expect(report.retries).toMatchObject({ waiting: null, next_attempt_at: null, reason: expect.stringContaining('in flight') });
    expect(table).toMatch(/under retry\s+n\/a \(SQS counts/);
    expect(table).toMatch(/next attempt\s+n\/a/);
  });
});
