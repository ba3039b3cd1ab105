import { describe, expect, it } from 'vitest';
import { diffResponse } from './replay-diff.js';

const json = { 'Content-Type': 'application/json' };

describe('Function: diffResponse', () => {
  it('compares JSON as values: spacing and key order do not count', () => {
    // Act
    const diff = diffResponse(
      { status: 200, response: { a: 1, b: [1, 2] }, response_headers: json },
      { status: 200, headers: {}, body: Buffer.from('{ "b": [1, 2], "a": 1 }') },
    );

    // Assess
    expect(diff).toEqual({ statusChanged: false, bodyChanged: false });
  });

  it('reports a changed status and body, with both bodies', () => {
    // Act
    const diff = diffResponse(
      { status: 201, response: { id: '573' }, response_headers: json },
      { status: 500, headers: {}, body: Buffer.from('{"error":"x"}') },
    );

    // Assess
    expect(diff).toMatchObject({ statusChanged: true, bodyChanged: true, recordedBody: '{"id":"573"}', body: '{"error":"x"}' });
  });

  it('compares text, binary and empty bodies', () => {
    // Act & Assess
    const text = { 'Content-Type': 'text/plain' };
    expect(diffResponse({ status: 200, response: 'pong', response_headers: text }, { status: 200, headers: {}, body: Buffer.from('pong') }).bodyChanged).toBe(
      false,
    );
    expect(diffResponse({ status: 200, response: 'pong', response_headers: text }, { status: 200, headers: {}, body: Buffer.from('pang') }).bodyChanged).toBe(
      true,
    );
    const binary = { status: 200, response: Buffer.from([1, 2]).toString('base64'), response_encoding: 'base64' };
    expect(diffResponse(binary, { status: 200, headers: {}, body: Buffer.from([1, 2]) }).bodyChanged).toBe(false);
    expect(diffResponse({ status: 204, response: null }, { status: 204, headers: {}, body: Buffer.alloc(0) }).bodyChanged).toBe(false);
  });

  it('compares a body cut at capture with as much of the new one', () => {
    // Act
    const diff = diffResponse({ status: 200, response: 'abc', response_truncated: true }, { status: 200, headers: {}, body: Buffer.from('abcdef') });

    // Assess
    expect(diff.bodyChanged).toBe(false);
  });
});
