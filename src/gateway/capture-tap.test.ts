import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame } from '../core/capture-frame.js';
import { FieldNames } from '../core/field-names.js';
import { CaptureTap, type CapturedExchange, type CapturePolicy } from './capture-tap.js';

const POLICY: CapturePolicy = {
  maxBodyBytes: 200_000,
  redactHeaders: new Set(['authorization']),
  redactQuery: new FieldNames(['token']),
  bodyFields: undefined,
};

const REQUEST = {
  route: 'users',
  method: 'POST',
  host: 'api.example.com',
  path: '/users',
  query: 'token=abc&page=2',
  rawHeaders: ['Host', 'api.example.com', 'Authorization', 'Bearer secret'],
};

/** Streams the same exchange through a tap: a request chunk and a response in two chunks. */
function exchange(tap: CaptureTap, request: Buffer, response: readonly Buffer[]): void {
  tap.requestChunk(request);
  tap.responseStart(201, ['Content-Type', 'application/json']);
  for (const chunk of response) tap.responseChunk(chunk);
}

describe('Class: CaptureTap', () => {
  it('hands the sink the body chunks by reference, with the redacted metadata', async () => {
    // Prepare
    const request = Buffer.from('{"name":"x"}');
    const response = [Buffer.alloc(100_000, 1), Buffer.alloc(50_000, 2)];
    let given: CapturedExchange | undefined;
    const tap = new CaptureTap(POLICY, async (exchange) => (given = exchange), REQUEST);

    // Act
    exchange(tap, request, response);
    await tap.commit();

    // Assess
    expect(given!.requestChunks[0]).toBe(request);
    expect(given!.responseChunks[0]).toBe(response[0]);
    expect(given!.responseChunks[1]).toBe(response[1]);
    expect(given!.meta).toMatchObject({ id: tap.id, route: 'users', status: 201, body_truncated: false, response_truncated: false });
  });

  it('stores redacted headers and query, and cuts bodies at the limit', async () => {
    // Prepare
    let frame: Buffer = Buffer.alloc(0);
    const tap = new CaptureTap(
      { ...POLICY, maxBodyBytes: 4 },
      async (given) => (frame = encodeFrame(given.meta, given.requestChunks, given.responseChunks)),
      REQUEST,
    );

    // Act
    exchange(tap, Buffer.from('abc'), [Buffer.from('de'), Buffer.from('fgh'), Buffer.from('ij')]);
    await tap.commit();

    // Assess
    const { meta, requestBody, responseBody } = decodeFrame(frame);
    expect(meta.id).toBe(tap.id);
    expect(meta.request_headers).toEqual(['Host', 'api.example.com', 'Authorization', '[REDACTED]']);
    expect(meta.query).toBe('token=%5BREDACTED%5D&page=2');
    expect(meta.status).toBe(201);
    expect([requestBody.toString(), meta.body_truncated]).toEqual(['abc', false]);
    expect([responseBody.toString(), meta.response_truncated]).toEqual(['defg', true]);
  });
});
