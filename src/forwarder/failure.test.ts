import { describe, expect, it } from 'vitest';
import { classifyError, classifyStatus, formatFailureNote, parseFailureNote } from './failure.js';

describe('Function: classifyStatus', () => {
  it.each([
    { status: 408, expected: 'request_timeout' },
    { status: 429, expected: 'throttled' },
    { status: 500, expected: 'server_error' },
    { status: 503, expected: 'server_error' },
    { status: 400, expected: 'client_error' },
    { status: 410, expected: 'client_error' },
    { status: 301, expected: 'unexpected_status' },
  ])('classifies HTTP $status as $expected', ({ status, expected }) => {
    // Act
    const failure = classifyStatus(status);

    // Assess
    expect(failure).toMatchObject({ class: expected, status });
  });

  it('keeps the Retry-After wait', () => {
    // Act
    const failure = classifyStatus(429, 2_000);

    // Assess
    expect(failure.retryAfterMs).toBe(2_000);
  });
});

describe('Function: classifyError', () => {
  it.each([
    { code: 'UND_ERR_HEADERS_TIMEOUT', expected: 'timeout' },
    { code: 'UND_ERR_BODY_TIMEOUT', expected: 'timeout' },
    { code: 'UND_ERR_CONNECT_TIMEOUT', expected: 'timeout' },
    { code: 'ECONNREFUSED', expected: 'network' },
    { code: 'ECONNRESET', expected: 'network' },
    { code: 'UND_ERR_SOCKET', expected: 'network' },
  ])('classifies $code as $expected', ({ code, expected }) => {
    // Prepare
    const error = Object.assign(new Error('boom'), { code });

    // Act
    const failure = classifyError(error);

    // Assess
    expect(failure.class).toBe(expected);
    expect(failure.message).toContain(code);
    expect(failure.status).toBeUndefined();
  });

  it('reads the code of a wrapped cause', () => {
    // Prepare
    const error = new Error('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });

    // Act
    const failure = classifyError(error);

    // Assess
    expect(failure.message).toContain('ECONNREFUSED');
  });

  it('classifies the timeout of its own deadline', () => {
    // Prepare
    const error = new DOMException('no complete answer within 100 ms', 'TimeoutError');

    // Act
    const failure = classifyError(error);

    // Assess
    expect(failure.class).toBe('timeout');
  });
});

describe('Function: formatFailureNote', () => {
  it('round-trips through parseFailureNote', () => {
    // Prepare
    const at = Date.parse('2026-01-01T00:00:00Z');

    // Act
    const note = parseFailureNote(formatFailureNote({ class: 'server_error', status: 503, message: 'HTTP 503 Service Unavailable' }, 5, at, 'max_attempts'));

    // Assess
    expect(note).toEqual({ class: 'server_error', status: 503, error: 'HTTP 503 Service Unavailable', attempt: 5, at, dead_letter: 'max_attempts' });
  });

  it('records a missing status as null', () => {
    // Act
    const note = parseFailureNote(formatFailureNote({ class: 'network', message: 'ECONNREFUSED' }, 1, 0));

    // Assess
    expect(note?.status).toBeNull();
  });

  it.each([{ text: null }, { text: '' }, { text: 'disk full' }, { text: '{"broken"' }, { text: '{"class":1}' }])(
    'gives undefined for a note it did not write ($text)',
    ({ text }) => {
      // Act & Assess
      expect(parseFailureNote(text)).toBeUndefined();
    },
  );
});
