import type { CaptureMeta } from '../../src/core/capture-frame.js';

/**
 * The metadata of the SPEC §1 example exchange, with `overrides` applied: what the record
 * tests render and compare.
 *
 * @example
 * ```ts
 * const meta = captureMeta({ method: 'GET', query: '' });
 * ```
 */
export function captureMeta(overrides: Partial<CaptureMeta> = {}): CaptureMeta {
  return {
    id: '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11',
    timestamp: '2026-01-01T12:00:00.000Z',
    duration_ms: 42.7,
    route: 'users',
    from: 'abc123.execute-api.eu-west-1.amazonaws.com',
    endpoint: '/api/v1/users',
    method: 'POST',
    query: 'page=2&tag=a&tag=b',
    request_headers: ['Content-Type', 'application/json', 'Authorization', '[REDACTED]'],
    response_headers: ['Content-Type', 'application/json; charset=utf-8'],
    status: 201,
    body_truncated: false,
    response_truncated: false,
    ...overrides,
  };
}
