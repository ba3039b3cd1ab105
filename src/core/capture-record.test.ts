import { afterEach, describe, expect, it, vi } from 'vitest';
import { bodyKind } from './body-kind.js';
import { captureMeta as meta } from '../../test/helpers/capture-meta.js';
import { decodeFrame, encodeFrame, type CaptureMeta } from './capture-frame.js';
import { parseQuery, renderRecord, toDeliverable } from './capture-record.js';
import { renderRecordJson } from './record-json.js';

function render(overrides: Partial<CaptureMeta>, request: string | Buffer, response: string | Buffer = '') {
  const bytes = encodeFrame(meta(overrides), [Buffer.from(request)], [Buffer.from(response)]);
  return renderRecord(decodeFrame(bytes));
}

describe('Function: renderRecord', () => {
  it('renders the SPEC §1 example exactly, keys in order', () => {
    // Act
    const record = render({}, '{"name":"morpheus","job":"leader"}', '{"name":"morpheus","job":"leader","id":"573"}');

    // Assess
    expect(JSON.stringify(record)).toBe(
      JSON.stringify({
        id: '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11',
        timestamp: '2026-01-01T12:00:00.000Z',
        duration_ms: 42.7,
        route: 'users',
        from: 'abc123.execute-api.eu-west-1.amazonaws.com',
        endpoint: '/api/v1/users',
        method: 'POST',
        query: { page: '2', tag: ['a', 'b'] },
        body: { name: 'morpheus', job: 'leader' },
        request_headers: { 'Content-Type': 'application/json', Authorization: '[REDACTED]' },
        response: { name: 'morpheus', job: 'leader', id: '573' },
        response_headers: { 'Content-Type': 'application/json; charset=utf-8' },
        status: 201,
      }),
    );
  });

  it.each([
    { description: 'JSON', type: 'application/json', bytes: Buffer.from('{"a":1}'), value: { a: 1 }, base64: false },
    { description: 'a JSON scalar', type: 'application/json', bytes: Buffer.from('"x"'), value: 'x', base64: false },
    { description: 'JSON that does not parse', type: 'application/json', bytes: Buffer.from('{"a":'), value: '{"a":', base64: false },
    { description: 'text', type: 'text/csv', bytes: Buffer.from('a,b\n'), value: 'a,b\n', base64: false },
    { description: 'text that is not UTF-8', type: 'text/plain', bytes: Buffer.from([0xc3, 0x28]), value: 'wyg=', base64: true },
    { description: 'binary', type: 'image/png', bytes: Buffer.from([0x89, 0x50]), value: 'iVA=', base64: true },
    { description: 'no content type', type: undefined, bytes: Buffer.from('x'), value: 'eA==', base64: true },
    { description: 'an empty body', type: 'application/json', bytes: Buffer.alloc(0), value: null, base64: false },
  ])('renders $description', ({ type, bytes, value, base64 }) => {
    // Act
    const headers = type === undefined ? [] : ['content-type', type];
    const record = render({ request_headers: headers, response_headers: headers }, bytes, bytes);

    // Assess
    expect(record.body).toEqual(value);
    expect(record.response).toEqual(value);
    expect(record.body_encoding).toBe(base64 ? 'base64' : undefined);
    expect(record.response_encoding).toBe(base64 ? 'base64' : undefined);
  });

  it.each([
    { description: 'within the text', bytes: Buffer.from('héllo'), value: 'héllo' },
    { description: 'inside a two-byte character', bytes: Buffer.from('hé').subarray(0, 2), value: 'h' },
    { description: 'inside a four-byte character', bytes: Buffer.from('a😀').subarray(0, 3), value: 'a' },
  ])('renders a truncated text body cut $description as text', ({ bytes, value }) => {
    // Act
    const record = render({ request_headers: ['Content-Type', 'text/plain'], body_truncated: true }, bytes);

    // Assess
    expect(record).toMatchObject({ body: value, body_truncated: true });
    expect(record.body_encoding).toBeUndefined();
  });

  it('still renders truncated text with invalid bytes before the cut as base64', () => {
    // Act
    const record = render({ request_headers: ['Content-Type', 'text/plain'], body_truncated: true }, Buffer.from([0xff, 0x41]));

    // Assess
    expect(record).toMatchObject({ body: '/0E=', body_encoding: 'base64', body_truncated: true });
  });

  it('marks only the truncated side', () => {
    // Act
    const record = render({ response_truncated: true }, '{}', '{"a":');

    // Assess
    expect(record.body_truncated).toBeUndefined();
    expect(record.response_truncated).toBe(true);
  });
});

describe('Function: toDeliverable', () => {
  it('renders a frame and keeps its id', () => {
    // Act
    const deliverable = toDeliverable(encodeFrame(meta(), [], []));

    // Assess
    expect(deliverable.id).toBe(meta().id);
    expect(JSON.parse(deliverable.json)).toMatchObject({ id: meta().id, body: null, response: null });
  });

  it('passes a JSON record through as it is', () => {
    // Prepare
    const json = '{"id":"abc","custom":true}';

    // Act
    const deliverable = toDeliverable(Buffer.from(json));

    // Assess
    expect(deliverable).toEqual({ id: 'abc', json });
  });

  it.each([
    { description: 'neither a frame nor JSON', payload: 'not json' },
    { description: 'JSON without an id', payload: '{"a":1}' },
    { description: 'JSON with an empty id', payload: '{"id":""}' },
    { description: 'JSON null', payload: 'null' },
  ])('rejects $description with SLUICE_MALFORMED_MESSAGE', ({ payload }) => {
    expect(() => toDeliverable(Buffer.from(payload))).toThrow(expect.objectContaining({ code: 'SLUICE_MALFORMED_MESSAGE' }));
  });
});

describe('Function: toDeliverable with the id the queue carries', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('passes a record that starts with the known id on without parsing it', () => {
    // Prepare
    const json = renderRecordJson({ meta: meta(), requestBody: Buffer.from('{"a":1}'), responseBody: Buffer.alloc(0) });
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const deliverable = toDeliverable(Buffer.from(json), meta().id);

    // Assess
    expect(deliverable).toEqual({ id: meta().id, json });
    expect(parse).not.toHaveBeenCalled();
  });

  it('compares an id that JSON escapes in its escaped form', () => {
    // Prepare
    const json = '{"id":"a\\"b","x":1}';
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const deliverable = toDeliverable(Buffer.from(json), 'a"b');

    // Assess
    expect(deliverable).toEqual({ id: 'a"b', json });
    expect(parse).not.toHaveBeenCalled();
  });

  it.each([
    { description: 'an id the known id is a prefix of', json: '{"id":"abcd","x":1}', knownId: 'abc', id: 'abcd' },
    { description: 'the id later in the record', json: '{"custom":true,"id":"abc"}', knownId: 'abc', id: 'abc' },
    { description: 'another id', json: '{"id":"xyz","x":1}', knownId: 'abc', id: 'xyz' },
    { description: 'a known id that closes the string early', json: '{"id":"a","b":"c","x":1}', knownId: 'a","b":"c', id: 'a' },
  ])('parses a record with $description and takes its own id', ({ json, knownId, id }) => {
    // Prepare
    const parse = vi.spyOn(JSON, 'parse');

    // Act
    const deliverable = toDeliverable(Buffer.from(json), knownId);

    // Assess
    expect(deliverable).toEqual({ id, json });
    expect(parse).toHaveBeenCalledTimes(1);
  });

  it.each([
    { description: 'not JSON', payload: 'not json' },
    { description: 'a record cut short after the id', payload: '{"id":"abc","status":2' },
    { description: 'JSON without an id', payload: '{"a":1}' },
  ])('rejects $description with SLUICE_MALFORMED_MESSAGE, known id or not', ({ payload }) => {
    expect(() => toDeliverable(Buffer.from(payload), 'abc')).toThrow(expect.objectContaining({ code: 'SLUICE_MALFORMED_MESSAGE' }));
  });

  it('renders a frame whatever the known id', () => {
    // Act
    const deliverable = toDeliverable(encodeFrame(meta(), [], []), 'another-id');

    // Assess
    expect(deliverable.id).toBe(meta().id);
  });
});

describe('Function: parseQuery', () => {
  it.each([
    ['', {}],
    ['a=1', { a: '1' }],
    ['tag=a&tag=b&tag=c', { tag: ['a', 'b', 'c'] }],
    ['sp=%20x+y&flag&empty=', { sp: ' x y', flag: '', empty: '' }],
  ])('parses %j', (query, expected) => {
    expect(parseQuery(query)).toEqual(expected);
  });
});

describe('Function: bodyKind', () => {
  it.each([
    ['application/json', 'json'],
    ['Application/JSON; charset=utf-8', 'json'],
    ['application/vnd.api+json', 'json'],
    ['text/html', 'text'],
    ['application/xml', 'text'],
    ['image/svg+xml', 'text'],
    ['application/x-www-form-urlencoded', 'text'],
    ['application/octet-stream', 'binary'],
    [undefined, 'binary'],
  ])('classifies %j as %s', (contentType, expected) => {
    expect(bodyKind(contentType)).toBe(expected);
  });
});
