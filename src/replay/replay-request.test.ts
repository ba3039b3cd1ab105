import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { rebuildRequest } from './replay-request.js';

const TO = new URL('http://127.0.0.1:9000/staging/');

describe('Function: rebuildRequest', () => {
  it('rebuilds method, path, query, headers and a JSON body, with Sluice-Replay', () => {
    // Prepare
    const record = {
      method: 'post',
      endpoint: '/api/v1/users',
      query: { page: '2', tag: ['a', 'b'] },
      request_headers: {
        Host: 'api.example.com',
        'Content-Type': 'application/json',
        'X-Trace': ['1', '2'],
        'Content-Length': '37',
        Connection: 'x-hop',
        'X-Hop': 'y',
      },
      body: { name: 'morpheus' },
    };

    // Act
    const request = rebuildRequest(record, TO, 'rec-1');

    // Assess
    expect(request.method).toBe('POST');
    expect(request.url.href).toBe('http://127.0.0.1:9000/staging/api/v1/users?page=2&tag=a&tag=b');
    expect(request.headers).toEqual(['Content-Type', 'application/json', 'X-Trace', '1', 'X-Trace', '2', 'Sluice-Replay', 'rec-1']);
    expect(request.body?.toString()).toBe('{"name":"morpheus"}');
    expect(request.redacted).toBe(false);
  });

  it('decodes a base64 body and sends text as it is', () => {
    // Act
    const binary = rebuildRequest({ endpoint: '/', body: Buffer.from([0, 1, 2]).toString('base64'), body_encoding: 'base64' }, TO, 'a');
    const text = rebuildRequest({ endpoint: '/', body: 'a=1&b=2' }, TO, 'b');
    const empty = rebuildRequest({ endpoint: '/', body: null }, TO, 'c');

    // Assess
    expect([...binary.body!]).toEqual([0, 1, 2]);
    expect(text.body?.toString()).toBe('a=1&b=2');
    expect(empty.body).toBeUndefined();
  });

  it('says when redacted values are sent, in headers, query or a form body', () => {
    // Act & Assess
    expect(rebuildRequest({ request_headers: { Authorization: '[REDACTED]' } }, TO, 'a').redacted).toBe(true);
    expect(rebuildRequest({ query: { token: '[REDACTED]' } }, TO, 'b').redacted).toBe(true);
    expect(rebuildRequest({ body: 'password=%5BREDACTED%5D' }, TO, 'c').redacted).toBe(true);
  });

  it('keeps Content-Encoding only when the body still decodes with it', () => {
    // Act
    const compressed = rebuildRequest(
      { request_headers: { 'Content-Encoding': 'gzip' }, body: gzipSync('{}').toString('base64'), body_encoding: 'base64' },
      TO,
      'a',
    );
    const decompressed = rebuildRequest({ request_headers: { 'Content-Encoding': 'gzip' }, body: { password: '[REDACTED]' } }, TO, 'b');

    // Assess
    expect(compressed.headers).toContain('Content-Encoding');
    expect(decompressed.headers).not.toContain('Content-Encoding');
  });

  it('marks a body cut at capture', () => {
    // Act & Assess
    expect(rebuildRequest({ body: 'abc', body_truncated: true }, TO, 'a').truncated).toBe(true);
  });
});
