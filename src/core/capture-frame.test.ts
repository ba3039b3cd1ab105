import { describe, expect, it } from 'vitest';
import { decodeFrame, encodeFrame, encodeFrameParts, FRAME_MAGIC, isFrame, type CaptureMeta } from './capture-frame.js';

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
    { description: 'metadata shorter than its fixed part', bytes: Buffer.concat([FRAME_MAGIC, Buffer.from([0, 0, 0, 1]), Buffer.from('{'), Buffer.alloc(8)]) },
    { description: 'string lengths past the metadata', bytes: withMetaByte(encodeFrame(META, [], []), 8 + 21 + 3, 0xff) },
    { description: 'string lengths short of the metadata', bytes: withMetaByte(encodeFrame(META, [], []), 8 + 21 + 3, 1) },
    {
      description: 'SLC1 metadata that is not JSON',
      bytes: Buffer.concat([Buffer.from('SLC1'), Buffer.from([0, 0, 0, 1]), Buffer.from('{'), Buffer.alloc(8)]),
    },
  ])('rejects $description with SLUICE_MALFORMED_MESSAGE', ({ bytes }) => {
    expect(() => decodeFrame(bytes)).toThrow(expect.objectContaining({ code: 'SLUICE_MALFORMED_MESSAGE' }));
  });
});

describe('Function: encodeFrameParts', () => {
  it('passes large bodies by reference between its own parts', () => {
    // Prepare
    const request = [Buffer.alloc(40_000, 1), Buffer.alloc(30_000, 2)];
    const response = [Buffer.alloc(50_000, 3)];

    // Act
    const parts = encodeFrameParts(META, request, response);
    const frame = decodeFrame(Buffer.concat(parts));

    // Assess
    expect(parts).toHaveLength(5);
    expect(parts[1]).toBe(request[0]);
    expect(parts[2]).toBe(request[1]);
    expect(parts[4]).toBe(response[0]);
    expect(frame.meta).toEqual(META);
    expect(frame.requestBody.equals(Buffer.concat(request))).toBe(true);
    expect(frame.responseBody.equals(Buffer.concat(response))).toBe(true);
  });

  it('keeps the response length in the head when there is no request body', () => {
    // Prepare
    const response = [Buffer.alloc(70_000, 3), Buffer.alloc(10, 4)];

    // Act
    const parts = encodeFrameParts(META, [], response);

    // Assess
    expect(parts).toHaveLength(3);
    expect(parts.slice(1)).toEqual(response);
    expect(decodeFrame(Buffer.concat(parts)).responseBody.equals(Buffer.concat(response))).toBe(true);
  });

  it('copies small bodies into one buffer', () => {
    // Act
    const parts = encodeFrameParts(META, [Buffer.from('a')], [Buffer.from('b')]);

    // Assess
    expect(parts).toHaveLength(1);
    expect(decodeFrame(parts[0]!).responseBody.toString()).toBe('b');
  });
});

describe('Function: decodeFrame (strings and versions)', () => {
  it('round-trips any text: UTF-8, Latin-1 header bytes, empty strings, many headers, exact numbers', () => {
    // Prepare
    const headers = Array.from({ length: 300 }, (_, index) => [`X-H${index}`, index % 2 === 0 ? '' : `v\u00e9\u00ff${index}`]).flat();
    const meta: CaptureMeta = {
      ...META,
      route: 'utilisateurs-\u00e9t\u00e9-\u{1f600}',
      endpoint: '/caf\u00e9',
      query: '',
      request_headers: headers,
      response_headers: ['Set-Cookie', 'a=1', 'set-cookie', 'b=\u00fc'],
      duration_ms: 0.1 + 0.2,
      status: 599,
      body_truncated: true,
      response_truncated: true,
    };

    // Act
    const frame = decodeFrame(encodeFrame(meta, [], []));

    // Assess
    expect(frame.meta).toEqual(meta);
  });

  it('falls back to JSON metadata (SLC1) for a lone surrogate, which UTF-8 cannot carry', () => {
    // Prepare
    const meta: CaptureMeta = { ...META, request_headers: ['X-Odd', 'a\ud800b'] };

    // Act
    const bytes = encodeFrame(meta, [Buffer.from('q')], [Buffer.from('r')]);

    // Assess
    expect(bytes.subarray(0, 4).toString()).toBe('SLC1');
    expect(decodeFrame(bytes).meta).toEqual(meta);
  });

  it('reads frames of the first version (SLC1, JSON metadata)', () => {
    // Prepare
    const metaJson = Buffer.from(JSON.stringify(META));
    const u32 = (value: number): Buffer => Buffer.from([value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]);
    const bytes = Buffer.concat([Buffer.from('SLC1'), u32(metaJson.length), metaJson, u32(3), Buffer.from('req'), u32(2), Buffer.from('re')]);

    // Act
    const frame = decodeFrame(bytes);

    // Assess
    expect(isFrame(bytes)).toBe(true);
    expect(frame.meta).toEqual(META);
    expect(frame.requestBody.toString()).toBe('req');
    expect(frame.responseBody.toString()).toBe('re');
  });
});

/** A copy of a frame with one byte changed, to corrupt its metadata. */
function withMetaByte(frame: Buffer, index: number, value: number): Buffer {
  const copy = Buffer.from(frame);
  copy[index] = value;
  return copy;
}

describe('Function: isFrame', () => {
  it.each([
    [encodeFrame(META, [], []), true],
    [Buffer.from('{"id":"x"}'), false],
    [Buffer.from('SLC'), false],
    [Buffer.from('SLC9xxxx'), false],
    [new Uint8Array(0), false],
  ])('tells frames from other payloads (%#)', (bytes, expected) => {
    expect(isFrame(bytes)).toBe(expected);
  });
});
