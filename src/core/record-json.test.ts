import { describe, expect, it } from 'vitest';
import { captureMeta } from '../../test/helpers/capture-meta.js';
import { decodeFrame, encodeFrame, type CaptureFrame, type CaptureMeta } from './capture-frame.js';
import { renderRecordJson } from './record-json.js';

function frame(overrides: Partial<CaptureMeta>, request: string | Buffer, response: string | Buffer = ''): CaptureFrame {
  return decodeFrame(encodeFrame(captureMeta(overrides), [Buffer.from(request)], [Buffer.from(response)]));
}

const JSON_TYPE = ['Content-Type', 'application/json'];
const CASES: { description: string; frame: CaptureFrame }[] = [
  { description: 'the SPEC §1 example', frame: frame({}, '{"name":"morpheus","job":"leader"}', '{"id":"573"}') },
  { description: 'empty bodies and no query', frame: frame({ query: '', method: 'GET' }, '', '') },
  { description: 'a JSON scalar', frame: frame({}, '"x"', '42') },
  { description: 'JSON that does not parse', frame: frame({}, '{"a":', '[1,') },
  { description: 'text', frame: frame({ request_headers: ['content-type', 'text/csv'] }, 'a,b\n"q"\n', '') },
  { description: 'text that is not UTF-8', frame: frame({ request_headers: ['Content-Type', 'text/plain'] }, Buffer.from([0xc3, 0x28]), '') },
  { description: 'binary', frame: frame({ response_headers: ['Content-Type', 'image/png'] }, '', Buffer.from([0, 1, 2, 255])) },
  { description: 'no content type', frame: frame({ request_headers: [] }, 'plain', '') },
  {
    description: 'truncated bodies cut inside a character',
    frame: frame(
      { body_truncated: true, response_truncated: true, response_headers: ['Content-Type', 'text/plain'] },
      '{"a":"é',
      Buffer.from('abcé').subarray(0, 4),
    ),
  },
  {
    description: 'a truncated binary body',
    frame: frame({ response_truncated: true, response_headers: ['Content-Type', 'application/zip'] }, '', Buffer.from([9, 8, 7])),
  },
  {
    description: 'repeated headers in any case',
    frame: frame(
      {
        request_headers: [...JSON_TYPE, 'X-Tag', 'a', 'x-tag', 'b', 'X-TAG', 'c', 'Accept', '*/*'],
        response_headers: ['Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'],
      },
      '{}',
      '',
    ),
  },
  { description: 'strings that need escaping', frame: frame({ endpoint: '/a"b\\c\u2028', route: 'ü\n', query: 'q=%22%0A&x=%F0%9F%98%80' }, '"\\u0000"', '') },
];

describe('Function: renderRecordJson', () => {
  it.each(CASES)('writes $description as compact JSON that reads back to itself, key order included', ({ frame: captured }) => {
    // Act
    const json = renderRecordJson(captured);

    // Assess
    expect(json).toBe(JSON.stringify(JSON.parse(json)));
  });

  it('keeps the whitespace of a JSON body as sent, with the value it has', () => {
    // Prepare
    const captured = frame({}, ' \n{ "a" : [ 1 , 2 ] }\n', '');

    // Act
    const json = renderRecordJson(captured);

    // Assess
    expect(json).toContain('"body": \n{ "a" : [ 1 , 2 ] }\n,');
    expect(JSON.parse(json)).toMatchObject({ body: { a: [1, 2] }, response: null });
  });

  it('keeps a JSON body as the API sent it, so integers past 2^53 keep their digits', () => {
    // Prepare
    const captured = frame({}, '{"account":12345678901234567890}', '');

    // Act
    const json = renderRecordJson(captured);

    // Assess
    expect(json).toContain('"body":{"account":12345678901234567890}');
  });
});

describe('Function: renderRecordJson, characters SQS refuses (issue #10)', () => {
  /** What SQS accepts in a message body (XML 1.0's characters). */
  const SQS_TEXT = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

  it.each([
    { description: 'U+FFFE and U+FFFF in a JSON body', request_headers: JSON_TYPE, body: '{"a":"x\uFFFEy\uFFFF"}', expected: { a: 'x\uFFFEy\uFFFF' } },
    { description: 'U+FFFF in a text body', request_headers: ['Content-Type', 'text/plain'], body: 'note \uFFFF', expected: 'note \uFFFF' },
    {
      description: 'U+FFFE in a JSON body beside a control character',
      request_headers: JSON_TYPE,
      body: '["\uFFFE","\\u0001"]',
      expected: ['\uFFFE', '\u0001'],
    },
  ])('escapes $description, so the record is text SQS accepts and reads back the same', ({ request_headers, body, expected }) => {
    // Prepare
    const captured = frame({ request_headers, query: 'q=%EF%BF%BE' }, body, '');

    // Act
    const json = renderRecordJson(captured);

    // Assess
    expect(json).toMatch(SQS_TEXT);
    expect(json).toContain('\\ufffe');
    const record = JSON.parse(json) as { body: unknown; query: unknown };
    expect(record.body).toEqual(expected);
    expect(record.query).toEqual({ q: '\uFFFE' });
  });
});
