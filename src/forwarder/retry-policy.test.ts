import { describe, expect, it } from 'vitest';
import { backoffCeiling, minimumMaxAttempts } from '../core/retry-schedule.js';
import type { DeliveryFailure } from './failure.js';
import { RetryPolicy, type RetrySettings } from './retry-policy.js';

const HOUR = 3_600_000;
const DEFAULTS: RetrySettings = { base: 1_000, cap: HOUR, max_age: 24 * HOUR, max_attempts: 60 };
const REFUSED: DeliveryFailure = { class: 'network', message: 'ECONNREFUSED' };
const T0 = Date.UTC(2026, 11, 4);

function policy(random: () => number, retry: Partial<RetrySettings> = {}, deadLetterOn4xx = false): RetryPolicy {
  return new RetryPolicy({ retry: { ...DEFAULTS, ...retry }, deadLetterOn4xx, random });
}

describe('Class: RetryPolicy', () => {
  describe.each([
    { attempt: 1, ceiling: 1_000 },
    { attempt: 2, ceiling: 2_000 },
    { attempt: 5, ceiling: 16_000 },
    { attempt: 12, ceiling: 2_048_000 },
    { attempt: 13, ceiling: HOUR },
    { attempt: 59, ceiling: HOUR },
  ])('attempt $attempt (ceiling $ceiling ms)', ({ attempt, ceiling }) => {
    it('waits at least half the ceiling and at most the ceiling (equal jitter)', () => {
      // Act
      const low = policy(() => 0).decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now: T0 });
      const high = policy(() => 0.999_999).decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now: T0 });

      // Assess
      expect(backoffCeiling(attempt, DEFAULTS)).toBe(ceiling);
      expect(low).toEqual({ action: 'retry', delayMs: ceiling / 2 });
      expect(high).toMatchObject({ action: 'retry' });
      expect((high as { delayMs: number }).delayMs).toBeLessThanOrEqual(ceiling);
      expect((high as { delayMs: number }).delayMs).toBeGreaterThan(ceiling * 0.99);
    });
  });

  it('never draws a delay below half the ceiling, whatever the random source', () => {
    // Prepare
    const retry = policy(Math.random);

    // Act
    const delays = Array.from({ length: 2_000 }, (_, index) => {
      const attempt = (index % 20) + 1;
      return { attempt, decision: retry.decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now: T0 }) };
    });

    // Assess
    for (const { attempt, decision } of delays) {
      expect(decision.action).toBe('retry');
      const { delayMs } = decision as { delayMs: number };
      expect(delayMs).toBeGreaterThanOrEqual(backoffCeiling(attempt, DEFAULTS) / 2);
      expect(delayMs).toBeLessThanOrEqual(backoffCeiling(attempt, DEFAULTS));
    }
  });

  it('keeps five failed attempts apart by at least 15.5 s (the 4 s outage of issue 10 lost records)', () => {
    // Prepare
    const retry = policy(() => 0);
    let now = T0;

    // Act
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const decision = retry.decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now });
      expect(decision.action).toBe('retry');
      now += (decision as { delayMs: number }).delayMs;
    }

    // Assess
    expect(now - T0).toBe(15_500);
  });

  it('honours Retry-After when it asks for longer than the backoff, up to one hour', () => {
    // Prepare
    const retry = policy(() => 0);

    // Act
    const asked = retry.decide({
      failure: { class: 'throttled', status: 429, message: 'HTTP 429', retryAfterMs: 120_000 },
      attempt: 1,
      firstAttemptAt: T0,
      now: T0,
    });
    const clamped = retry.decide({
      failure: { class: 'throttled', status: 429, message: 'HTTP 429', retryAfterMs: 10 * HOUR },
      attempt: 1,
      firstAttemptAt: T0,
      now: T0,
    });
    const shorter = retry.decide({
      failure: { class: 'throttled', status: 429, message: 'HTTP 429', retryAfterMs: 100 },
      attempt: 3,
      firstAttemptAt: T0,
      now: T0,
    });

    // Assess
    expect(asked).toEqual({ action: 'retry', delayMs: 120_000 });
    expect(clamped).toEqual({ action: 'retry', delayMs: HOUR });
    expect(shorter).toEqual({ action: 'retry', delayMs: 2_000 });
  });

  describe('max_age', () => {
    it('retries while the next attempt fits before max_age, and dead-letters at max_age', () => {
      // Prepare: the shortest delay after attempt 40 is 30 min.
      const retry = policy(() => 0);

      // Act
      const before = retry.decide({ failure: REFUSED, attempt: 40, firstAttemptAt: T0, now: T0 + 24 * HOUR - 30 * 60_000 });
      const at = retry.decide({ failure: REFUSED, attempt: 40, firstAttemptAt: T0, now: T0 + 24 * HOUR });
      const after = retry.decide({ failure: REFUSED, attempt: 2, firstAttemptAt: T0, now: T0 + 25 * HOUR });

      // Assess
      expect(before).toEqual({ action: 'retry', delayMs: 30 * 60_000 });
      expect(at).toEqual({ action: 'dead_letter', reason: 'max_age' });
      expect(after).toEqual({ action: 'dead_letter', reason: 'max_age' });
    });

    it('counts max_age from the first attempt, not from the enqueue time', () => {
      // Prepare: enqueued two days ago, first attempted 10 minutes ago.
      const retry = policy(() => 0);

      // Act
      const decision = retry.decide({ failure: REFUSED, attempt: 2, firstAttemptAt: T0 - 600_000, now: T0 });

      // Assess
      expect(decision).toEqual({ action: 'retry', delayMs: 1_000 });
    });

    it('shortens a delay that would cross max_age so the last attempt happens at max_age', () => {
      // Prepare: 40 minutes left, the next ceiling is 1 h.
      const retry = policy(() => 0.9);
      const now = T0 + 24 * HOUR - 40 * 60_000;

      // Act
      const decision = retry.decide({ failure: REFUSED, attempt: 30, firstAttemptAt: T0, now });

      // Assess
      expect(decision).toEqual({ action: 'retry', delayMs: 40 * 60_000 });
    });

    it('dead-letters at once when not even the shortest delay fits before max_age', () => {
      // Prepare: 10 minutes left, the shortest delay is 30 min.
      const retry = policy(() => 0);

      // Act
      const decision = retry.decide({ failure: REFUSED, attempt: 30, firstAttemptAt: T0, now: T0 + 24 * HOUR - 600_000 });

      // Assess
      expect(decision).toEqual({ action: 'dead_letter', reason: 'max_age' });
    });

    it('dead-letters at once when Retry-After asks to wait past max_age', () => {
      // Prepare
      const retry = policy(() => 0);

      // Act
      const decision = retry.decide({
        failure: { class: 'throttled', status: 429, message: 'HTTP 429', retryAfterMs: 2 * HOUR },
        attempt: 3,
        firstAttemptAt: T0,
        now: T0 + 23.5 * HOUR,
      });

      // Assess
      expect(decision).toEqual({ action: 'dead_letter', reason: 'max_age' });
    });
  });

  describe('max_attempts (the safety net)', () => {
    it('dead-letters on the last allowed attempt while max_age has not passed', () => {
      // Prepare
      const retry = policy(() => 0, { max_attempts: 3 });

      // Act
      const second = retry.decide({ failure: REFUSED, attempt: 2, firstAttemptAt: T0, now: T0 + 1_000 });
      const third = retry.decide({ failure: REFUSED, attempt: 3, firstAttemptAt: T0, now: T0 + 2_000 });

      // Assess
      expect(second).toMatchObject({ action: 'retry' });
      expect(third).toEqual({ action: 'dead_letter', reason: 'max_attempts' });
    });

    it.each([
      { description: 'the defaults', retry: { base: 1_000, cap: HOUR, max_age: 24 * HOUR } },
      { description: 'a short budget', retry: { base: 500, cap: 30_000, max_age: 600_000 } },
      { description: 'a long budget with a low cap', retry: { base: 1_000, cap: 60_000, max_age: 7 * 24 * HOUR } },
      { description: 'an odd base', retry: { base: 333, cap: 9_999, max_age: 123_457 } },
    ])('is never reached before max_age at the shortest delays ($description)', ({ retry }) => {
      // Prepare: every delay the shortest the jitter draws, every attempt failing at once.
      const limit = minimumMaxAttempts(retry);
      const always = policy(() => 0, { ...retry, max_attempts: limit });
      let now = T0;
      let attempt = 1;

      // Act
      let decision = always.decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now });
      while (decision.action === 'retry') {
        now += decision.delayMs;
        attempt += 1;
        decision = always.decide({ failure: REFUSED, attempt, firstAttemptAt: T0, now });
      }

      // Assess
      expect(decision).toEqual({ action: 'dead_letter', reason: 'max_age' });
      expect(attempt).toBeLessThanOrEqual(limit);
      // Retried for as long as the shortest next delay still fitted before max_age.
      expect(now - T0 + Math.floor(backoffCeiling(attempt, retry) / 2)).toBeGreaterThan(retry.max_age);
    });

    it('is 60 for the defaults', () => {
      // Act
      const limit = minimumMaxAttempts({ base: 1_000, cap: HOUR, max_age: 24 * HOUR });

      // Assess
      expect(limit).toBe(60);
    });
  });

  it.each([
    { failure: { class: 'abort_message', status: 200, message: 'abort' } as DeliveryFailure, reason: 'abort_message' },
    { failure: { class: 'malformed', message: 'not a record' } as DeliveryFailure, reason: 'malformed' },
    { failure: { class: 'client_error', status: 404, message: 'HTTP 404' } as DeliveryFailure, reason: 'client_error' },
  ])('dead-letters $reason at once', ({ failure, reason }) => {
    // Act
    const decision = policy(() => 0, {}, true).decide({ failure, attempt: 1, firstAttemptAt: T0, now: T0 });

    // Assess
    expect(decision).toEqual({ action: 'dead_letter', reason });
  });

  it('retries a 4xx without dead_letter_on_4xx', () => {
    // Act
    const decision = policy(() => 0).decide({ failure: { class: 'client_error', status: 404, message: 'HTTP 404' }, attempt: 1, firstAttemptAt: T0, now: T0 });

    // Assess
    expect(decision).toEqual({ action: 'retry', delayMs: 500 });
  });
});
