import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatTime } from './format-units.js';

describe('Function: formatDuration', () => {
  it.each([
    { ms: 0, text: '0ms' },
    { ms: 999, text: '999ms' },
    { ms: 1_000, text: '1s' },
    { ms: 125_000, text: '2m 05s' },
    { ms: 3 * 3_600_000 + 4 * 60_000, text: '3h 04m' },
    { ms: 50 * 3_600_000, text: '2d 2h' },
  ])('renders $ms ms as $text', ({ ms, text }) => {
    // Act & Assess
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('Function: formatCount and formatTime', () => {
  it('groups thousands and says how long ago a time was', () => {
    // Act & Assess
    expect(formatCount(1_234_567)).toBe('1,234,567');
    expect(formatTime(Date.parse('2026-01-01T12:00:00Z'), Date.parse('2026-01-01T12:05:03Z'))).toBe('2026-01-01T12:00:00.000Z (5m 03s ago)');
  });
});
