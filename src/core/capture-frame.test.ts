import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, FRAME_MAGIC, isFrame, type CaptureMeta } from './capture-frame.js';

const META: CaptureMeta = {
  id: '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11',
  timestamp: '2026-01-01T12:00:00.000Z',
  duration_ms: 42.7,
  route: 'users',
  from: 'api.example.com',
  endpoint: '/api/v1/users',
  method: 'POST',
  query: 'page=2',
  request_headers: ['Content-Type', 'application/json'],
  response_headers: ['Content-Type', 'application/json'],
  status: 201,
  body_truncated: false,
  response_truncated: false,
};

describe('Function: encodeFrame / decodeFrame', () => {
  it.each([
    { description: 'chunked bodies', request: [Buffer.from('{"a":'), Buffer.from('1}')], response: [Buffer.from([0, 255, 10])] },
    { description: 'empty bodies', request: [], response: [] },
    { description: 'empty chunks', request: [Buffer.alloc(0), Buffer.from('x')], response: [Buffer.alloc(0)] },
  ])('round-trips $description', ({ request, response }) => {
    // Act
    const frame = decodeFrame(encodeFrame(META, request, response));

    // Assess
    expect(frame.meta).toEqual(META);
    expect(frame.requestBody.equals(Buffer.concat(request))).toBe(true);
    expect(frame.responseBody.equals(Buffer.concat(response))).toBe(true);
  });

  it('decodes a frame from a Uint8Array view at an offset', () => {
    // Prepare
    const bytes = encodeFrame(META, [Buffer.from('req')], [Buffer.from('res')]);
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 8);

    // Act
    const frame = decodeFrame(padded.subarray(8));

    // Assess
    expect(frame.requestBody.toString()).toBe('req');
    expect(frame.responseBody.toString()).toBe('res');
  });

  it.each([
    { description: 'JSON', bytes: Buffer.from('{"id":"x"}') },
    { description: 'a cut frame', bytes: encodeFrame(META, [Buffer.from('abc')], []).subarray(0, 30) },
    { description: 'a frame missing its last part', bytes: encodeFrame(META, [], []).subarray(0, -4) },
    { description: 'metadata that is not JSON', bytes: Buffer.concat([FRAME_MAGIC, Buffer.from([0, 0, 0, 1]), Buffer.from('{'), Buffer.alloc(8)]) },
  ])('rejects $description with SLUICE_MALFORMED_MESSAGE', ({ bytes }) => {
    expect(() => decodeFrame(bytes)).toThrow(expect.objectContaining({ code: 'SLUICE_MALFORMED_MESSAGE' }));
  });
});

describe('Function: isFrame', () => {
  it.each([
    [encodeFrame(META, [], []), true],
    [Buffer.from('{"id":"x"}'), false],
    [Buffer.from('SLC'), false],
    [new Uint8Array(0), false],
  ])('tells frames from other payloads (%#)', (bytes, expected) => {
    expect(isFrame(bytes)).toBe(expected);
  });
});
