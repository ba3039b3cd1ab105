import { describe, expect, it } from 'vitest';
import { findHeader, headersToRecord, REDACTED, redactHeaders, stripHopByHop } from './headers.js';

describe('Function: stripHopByHop', () => {
  it.each([
    {
      description: 'drops the RFC 9110 hop-by-hop headers in any case',
      raw: [
        'Connection',
        'keep-alive',
        'KEEP-ALIVE',
        'timeout=5',
        'Transfer-Encoding',
        'chunked',
        'te',
        'trailers',
        'Upgrade',
        'h2c',
        'Proxy-Connection',
        'x',
        'Accept',
        '*/*',
      ],
      drop: undefined,
      expected: ['Accept', '*/*'],
    },
    {
      description: 'drops the headers Connection names',
      raw: ['Connection', 'X-Hop, x-other', 'X-Hop', '1', 'X-OTHER', '2', 'X-Kept', '3'],
      drop: undefined,
      expected: ['X-Kept', '3'],
    },
    {
      description: 'drops the extra names given',
      raw: ['Host', 'a', 'X-Forwarded-For', '1.2.3.4', 'Accept', '*/*'],
      drop: new Set(['host', 'x-forwarded-for']),
      expected: ['Accept', '*/*'],
    },
    {
      description: 'keeps case, order and repeats of everything else',
      raw: ['X-A', '1', 'set-cookie', 'a', 'Set-Cookie', 'b', 'x-a', '2'],
      drop: undefined,
      expected: ['X-A', '1', 'set-cookie', 'a', 'Set-Cookie', 'b', 'x-a', '2'],
    },
  ])('$description', ({ raw, drop, expected }) => {
    expect(stripHopByHop(raw, drop)).toEqual(expected);
  });
});

describe('Function: findHeader', () => {
  it.each([
    [['Content-Type', 'text/plain'], 'content-type', 'text/plain'],
    [['X-A', '1', 'x-a', '2'], 'x-a', '1'],
    [['X-A', '1'], 'x-b', undefined],
    [['X-AB', '1'], 'x-a', undefined],
  ])('finds %j / %s → %j', (raw, name, expected) => {
    expect(findHeader(raw, name)).toBe(expected);
  });
});

describe('Function: redactHeaders', () => {
  it('redacts the named headers in any case and every repeat', () => {
    // Prepare
    const raw = ['Authorization', 'Bearer x', 'set-cookie', 'a', 'SET-COOKIE', 'b', 'Accept', '*/*'];

    // Act
    const redacted = redactHeaders(raw, new Set(['authorization', 'set-cookie']));

    // Assess
    expect(redacted).toEqual(['Authorization', REDACTED, 'set-cookie', REDACTED, 'SET-COOKIE', REDACTED, 'Accept', '*/*']);
    expect(raw[1]).toBe('Bearer x');
  });

  it('returns the same array when nothing matches', () => {
    const raw = ['Accept', '*/*'];
    expect(redactHeaders(raw, new Set(['authorization']))).toBe(raw);
  });
});

describe('Function: headersToRecord', () => {
  it.each([
    { description: 'keeps the sender case', raw: ['Content-Type', 'a'], expected: { 'Content-Type': 'a' } },
    { description: 'turns repeats into an array under the first spelling', raw: ['X-A', '1', 'x-a', '2', 'X-A', '3'], expected: { 'X-A': ['1', '2', '3'] } },
    { description: 'maps an empty list to an empty object', raw: [], expected: {} },
  ])('$description', ({ raw, expected }) => {
    expect(headersToRecord(raw)).toEqual(expected);
  });
});
