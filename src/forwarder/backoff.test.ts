import { describe, expect, it } from 'vitest';
import { backoffCeiling, backoffDelay } from './backoff.js';

describe('Function: backoffDelay', () => {
  const policy = { base: 1_000, cap: 900_000 };

  describe.each([
    { attempt: 1, ceiling: 1_000 },
    { attempt: 2, ceiling: 2_000 },
    { attempt: 5, ceiling: 16_000 },
    { attempt: 11, ceiling: 900_000 },
    { attempt: 5_000, ceiling: 900_000 },
  ])('attempt $attempt', ({ attempt, ceiling }) => {
    it(`doubles from the base and stops at the cap (${ceiling} ms)`, () => {
      // Act
      const result = backoffCeiling(attempt, policy);

      // Assess
      expect(result).toBe(ceiling);
    });

    it('draws the delay uniformly between 0 and the ceiling (full jitter)', () => {
      // Act
      const low = backoffDelay(attempt, policy, () => 0);
      const middle = backoffDelay(attempt, policy, () => 0.5);
      const high = backoffDelay(attempt, policy, () => 0.999_999);

      // Assess
      expect(low).toBe(0);
      expect(middle).toBe(ceiling / 2);
      expect(high).toBeLessThanOrEqual(ceiling);
      expect(high).toBeGreaterThan(ceiling * 0.99);
    });
  });

  it('treats an attempt below 1 as the first', () => {
    // Act
    const result = backoffCeiling(0, policy);

    // Assess
    expect(result).toBe(1_000);
  });
});
