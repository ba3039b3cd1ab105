import { describe, expect, it } from 'vitest';
import { deadLetterFilter, deadLetterQuery, decodeCursor, encodeCursor, matchesDeadLetter, type DeadLetterFilter } from './dead-letter-filter.js';
import type { DeadLetterView } from './dead-letter-view.js';

const AT = Date.parse('2026-01-01T12:00:00Z');

const letter: DeadLetterView = {
  id: '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11',
  sent_at: new Date(AT - 60_000).toISOString(),
  dead_lettered_at: new Date(AT).toISOString(),
  attempts: 5,
  last_status: 503,
  failure_class: 'server_error',
  last_error: 'HTTP 503 Service Unavailable',
  last_attempt_at: new Date(AT).toISOString(),
  reason: 'max_attempts',
  route: 'users',
  method: 'POST',
  endpoint: '/api/v1/users',
};

describe('Function: matchesDeadLetter', () => {
  describe.each<{ description: string; filter: DeadLetterFilter; matches: boolean }>([
    { description: 'an empty filter', filter: {}, matches: true },
    { description: 'since at the time (inclusive)', filter: { since: AT }, matches: true },
    { description: 'until at the time (exclusive)', filter: { until: AT }, matches: false },
    { description: 'another route', filter: { route: 'orders' }, matches: false },
    { description: 'the method in any case', filter: { method: 'post' }, matches: true },
    { description: 'the status class', filter: { status: { class: 5 } }, matches: true },
    { description: 'another status code', filter: { status: { exact: 502 } }, matches: false },
    { description: 'a path prefix', filter: { pathPrefix: '/api/v1/' }, matches: true },
    { description: 'a path that is not a prefix', filter: { pathPrefix: '/v1/' }, matches: false },
    { description: 'error text in any case', filter: { error: 'service UNAVAILABLE' }, matches: true },
    { description: 'text of the reason', filter: { error: 'max_attempts' }, matches: true },
    { description: 'every field at once, one off', filter: { route: 'users', method: 'POST', status: { class: 4 } }, matches: false },
  ])('$description', ({ filter, matches }) => {
    it(`${matches ? 'selects' : 'leaves'} the letter`, () => {
      // Act & Assess
      expect(matchesDeadLetter(letter, filter)).toBe(matches);
    });
  });

  it('never selects a letter without a status for a status filter', () => {
    // Act & Assess
    expect(matchesDeadLetter({ ...letter, last_status: null }, { status: { class: 5 } })).toBe(false);
  });
});

describe('Function: deadLetterQuery', () => {
  it("reads the history's words and a cursor", () => {
    // Prepare
    const cursor = encodeCursor({ deadLetteredAt: AT, id: letter.id });

    // Act
    const query = deadLetterQuery(new URLSearchParams({ route: 'users', status: '5xx', since: '1h', path: '/api/', error: 'timeout', cursor }), AT);

    // Assess
    expect(query).toEqual({
      filter: { route: 'users', status: { class: 5 }, since: AT - 3_600_000, pathPrefix: '/api/', error: 'timeout' },
      limit: 100,
      cursor: { deadLetteredAt: AT, id: letter.id },
    });
  });

  it.each(['status=teapot', 'since=yesterday', 'limit=0', 'cursor=nonsense'])('refuses %s with SLUICE_INVALID_ARGUMENT', (text) => {
    // Act & Assess
    expect(() => deadLetterQuery(new URLSearchParams(text), AT)).toThrow(expect.objectContaining({ code: 'SLUICE_INVALID_ARGUMENT' }));
  });

  it('ignores empty values', () => {
    // Act & Assess
    expect(deadLetterFilter(new URLSearchParams('route=&error=%20'), AT)).toEqual({});
    expect(decodeCursor(encodeCursor({ deadLetteredAt: 1, id: 'a' }))).toEqual({ deadLetteredAt: 1, id: 'a' });
  });
});
