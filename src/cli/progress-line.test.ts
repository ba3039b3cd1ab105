import { describe, expect, it } from 'vitest';
import { progressBar, progressText } from './progress-line.js';

describe('Function: progressBar', () => {
  it.each([
    {
      description: 'part done: the bar, the count, the rate and the time left',
      state: { done: 45, total: 100, elapsedMs: 21_400 },
      expected: 'replayed [#########-----------] 45/100  2.1/s  eta 27s',
    },
    {
      description: 'nothing done yet: an empty bar and no estimate',
      state: { done: 0, total: 100, elapsedMs: 5_000 },
      expected: 'replayed [--------------------] 0/100  eta --',
    },
    {
      description: 'all done: a full bar and how long it took',
      state: { done: 100, total: 100, elapsedMs: 50_000 },
      expected: 'replayed [####################] 100/100  2.0/s  took 50s',
    },
    { description: 'nothing to do: a full bar, no rate', state: { done: 0, total: 0, elapsedMs: 0 }, expected: 'replayed [####################] 0/0' },
    {
      description: 'more reported than expected: held at the total',
      state: { done: 120, total: 100, elapsedMs: 10_000 },
      expected: 'replayed [####################] 100/100  12.0/s  took 10s',
    },
  ])('$description', ({ state, expected }) => {
    // Act
    // A terminal one column wider than the line: the bar takes 20 characters.
    const line = progressBar('replayed', state, expected.length + 1);

    // Assess
    expect(line).toBe(expected);
  });

  it('fits the terminal with one column to spare, the bar between 10 and 40 characters', () => {
    // Prepare
    const state = { done: 1_234, total: 5_000, elapsedMs: 60_000 };

    // Act
    const lines = [40, 80, 200].map((columns) => progressBar('redriven', state, columns));

    // Assess
    const bars = lines.map((line) => /\[([#-]+)\]/.exec(line)![1]!.length);
    expect(bars).toEqual([10, expect.any(Number), 40]);
    expect(lines[1]).toHaveLength(79);
    expect(bars[1]).toBeGreaterThan(10);
    expect(bars[1]).toBeLessThan(40);
  });

  it('rounds the time left up to a whole second, and shows minutes past one', () => {
    // Act
    const soon = progressBar('replayed', { done: 99, total: 100, elapsedMs: 9_900 }, 80);
    const later = progressBar('replayed', { done: 10, total: 1_000, elapsedMs: 10_000 }, 80);

    // Assess
    expect(soon).toMatch(/eta 1s$/);
    expect(later).toMatch(/1\.0\/s {2}eta 16m 30s$/);
  });
});

describe('Function: progressText', () => {
  it.each([
    { state: { done: 600, total: 1_200, elapsedMs: 3_000 }, expected: 'redriven 600 / 1,200 (50%)  200.0/s  eta 3s' },
    { state: { done: 1_200, total: 1_200, elapsedMs: 3_000 }, expected: 'redriven 1,200 / 1,200 (100%)  400.0/s  took 3s' },
    { state: { done: 0, total: 0, elapsedMs: 0 }, expected: 'redriven 0 / 0 (100%)' },
  ])('$expected', ({ state, expected }) => {
    // Act, Assess
    expect(progressText('redriven', state)).toBe(expected);
  });
});
