import { describe, expect, it } from 'vitest';
import { historyQuery } from './history-params.js';

const NOW = Date.parse('2026-12-05T10:00:00Z');

describe('Function: historyQuery', () => {
  it('reads every filter of sluice history search', () => {
    // Act
    const query = historyQuery(
      new URLSearchParams('since=1h&until=2026-12-05T09:59:00Z&route=users&method=post&status=5xx&path=/api/&state=dead_letter&q=morpheus&limit=20&cursor=abc'),
      NOW,
    );

    // Assess
    expect(query).toEqual({
      filter: {
        since: NOW - 3_600_000,
        until: Date.parse('2026-12-05T09:59:00Z'),
        route: 'users',
        method: 'post',
        status: { class: 5 },
        pathPrefix: '/api/',
        state: 'dead_letter',
        text: 'morpheus',
      },
      limit: 20,
      cursor: 'abc',
    });
  });

  it('ignores empty parameters, as a form submits them', () => {
    // Act & Assess
    expect(historyQuery(new URLSearchParams('q=&route=&status=404'), NOW)).toEqual({ filter: { status: { exact: 404 } }, limit: 50 });
  });

  it.each([
    { description: 'a status that is neither class nor code', search: 'status=5xy' },
    { description: 'an unknown state', search: 'state=lost' },
    { description: 'a time that cannot be read', search: 'since=yesterday' },
    { description: 'a limit over 1000', search: 'limit=5000' },
  ])('refuses $description with a 400', ({ search }) => {
    // Act & Assess
    expect(() => historyQuery(new URLSearchParams(search), NOW)).toThrow(expect.objectContaining({ code: 'SLUICE_INVALID_ARGUMENT', statusCode: 400 }));
  });
});
