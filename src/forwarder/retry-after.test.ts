import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after.js';

describe('Function: parseRetryAfter', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');

  it.each([
    { description: 'delay-seconds', value: '120', expected: 120_000 },
    { description: 'zero seconds', value: '0', expected: 0 },
    { description: 'seconds with spaces', value: ' 3 ', expected: 3_000 },
    { description: 'an HTTP date in the future', value: 'Thu, 01 Jan 2026 12:01:30 GMT', expected: 90_000 },
    { description: 'an HTTP date in the past', value: 'Thu, 01 Jan 2026 11:00:00 GMT', expected: 0 },
    { description: 'the first of repeated headers', value: ['5', '10'], expected: 5_000 },
  ])('reads $description', ({ value, expected }) => {
    // Act
    const result = parseRetryAfter(value, now);

    // Assess
    expect(result).toBe(expected);
  });

  it.each([
    { description: 'an absent header', value: undefined },
    { description: 'an empty header', value: '' },
    { description: 'a negative number', value: '-5' },
    { description: 'a fraction', value: '1.5' },
    { description: 'words', value: 'soon' },
  ])('ignores $description', ({ value }) => {
    // Act
    const result = parseRetryAfter(value, now);

    // Assess
    expect(result).toBeUndefined();
  });
});
