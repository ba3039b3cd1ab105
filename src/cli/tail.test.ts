import { describe, expect, it } from 'vitest';
import type { HistoryChange, HistorySummary } from '../history/types.js';
import { tailLine } from './tail.js';

const BASE = Date.parse('2026-01-01T12:00:00.000Z');

function change(fields: Partial<HistorySummary> = {}): HistoryChange {
  return {
    seq: 1,
    summary: {
      id: 'a',
      time: BASE,
      route: 'users',
      method: 'POST',
      path: '/users',
      status: 201,
      state: 'delivered',
      attempts: 1,
      updatedAt: BASE,
      durationMs: 14.2,
      ...fields,
    },
  };
}

describe('Function: tailLine', () => {
  it.each([
    { description: 'milliseconds', fields: {}, expected: '12:00:00.000 POST /users 201 14ms delivered (1 attempt)' },
    { description: 'tenths under 10 ms', fields: { durationMs: 0.42 }, expected: '12:00:00.000 POST /users 201 0.4ms delivered (1 attempt)' },
    {
      description: 'seconds, and attempts in the plural',
      fields: { durationMs: 2_345, state: 'retrying', attempts: 3 } as const,
      expected: '12:00:00.000 POST /users 201 2.35s retrying (3 attempts)',
    },
    {
      description: 'dashes for what an entry lacks (older files have no duration)',
      fields: { method: null, path: null, status: null, durationMs: null },
      expected: '12:00:00.000 - - - - delivered (1 attempt)',
    },
  ])('shows $description', ({ fields, expected }) => {
    // Act
    const line = tailLine(change(fields), false);

    // Assess
    expect(line).toBe(expected);
  });

  it('colours only the state on a terminal', () => {
    // Act
    const line = tailLine(change({ state: 'dead_letter' }), true);

    // Assess
    expect(line).toBe('12:00:00.000 POST /users 201 14ms \u001b[31mdead_letter\u001b[0m (1 attempt)');
  });
});
