import { describe, expect, it } from 'vitest';
import { decodeFrame } from '../core/capture-frame.js';
import { FieldNames } from '../core/field-names.js';
import { CaptureTap, type CapturePolicy } from './capture-tap.js';

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
  it('hands a parts sink the large body chunks by reference, and a frame sink the same bytes in one buffer', async () => {
    // Prepare
    const request = Buffer.from('{"name":"x"}');
    const response = [Buffer.alloc(100_000, 1), Buffer.alloc(50_000, 2)];
    let parts: readonly Buffer[] = [];
    let frame: Buffer = Buffer.alloc(0);
    const partsTap = new CaptureTap(POLICY, { parts: async (_id, given) => (parts = given) }, REQUEST);
    const frameTap = new CaptureTap(POLICY, async (_id, given) => (frame = given), REQUEST);

    // Act
    exchange(partsTap, request, response);
    exchange(frameTap, request, response);
    await Promise.all([partsTap.commit(), frameTap.commit()]);

    // Assess
    expect(parts).toContain(response[0]);
    expect(parts).toContain(response[1]);
    const fromParts = decodeFrame(Buffer.concat(parts));
    const fromFrame = decodeFrame(frame);
    expect(fromParts.responseBody.equals(Buffer.concat(response))).toBe(true);
    expect(fromFrame.responseBody.equals(fromParts.responseBody)).toBe(true);
    expect(fromParts.requestBody.toString()).toBe('{"name":"x"}');
    expect({ ...fromParts.meta, id: '', timestamp: '', duration_ms: 0 }).toEqual({ ...fromFrame.meta, id: '', timestamp: '', duration_ms: 0 });
  });

  it('stores redacted headers and query, and cuts bodies at the limit', async () => {
    // Prepare
    let frame: Buffer = Buffer.alloc(0);
    const tap = new CaptureTap({ ...POLICY, maxBodyBytes: 4 }, async (_id, given) => (frame = given), REQUEST);

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
