import { AlbMultiValueHeadersSchema, AlbSchema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { lambdaRequestFactory, REPEATED_HEADERS, requestMatrix } from '../../../test/helpers/lambda-request.js';
import { ALB_MAX_RESPONSE_BYTES, createAlbEvent, parseAlbResult } from './alb.js';

const single = { multiValueHeaders: false };
const multi = { multiValueHeaders: true };
const result = (value: unknown, options = single) => parseAlbResult(JSON.stringify(value), options);

describe('Function: createAlbEvent', () => {
  it.each(requestMatrix())('builds events both ALB schemas accept: $description', ({ request, base64, body }) => {
    // Act
    const one = createAlbEvent(request, single);
    const many = createAlbEvent(request, multi);

    // Assess
    expect(AlbSchema.safeParse(one).error?.issues ?? []).toEqual([]);
    expect(AlbMultiValueHeadersSchema.safeParse(many).error?.issues ?? []).toEqual([]);
    expect(Buffer.from(one.body, one.isBase64Encoded ? 'base64' : 'utf8')).toEqual(body);
    expect(one.isBase64Encoded).toBe(body.length > 0 && base64);
  });

  it('keeps the last value of a repeated name with multi-value headers off', () => {
    // Act
    const event = createAlbEvent(lambdaRequestFactory({ query: 'tag=a&tag=b', rawHeaders: ['Host', 'h', ...REPEATED_HEADERS] }), single);

    // Assess
    expect(event).toMatchObject({ headers: { accept: 'application/json', cookie: 'lang=en' }, queryStringParameters: { tag: 'b' } });
    expect(event).not.toHaveProperty('multiValueHeaders');
  });

  it('keeps every value with multi-value headers on, and no single-value maps', () => {
    // Act
    const event = createAlbEvent(lambdaRequestFactory({ query: 'tag=a&tag=b', rawHeaders: ['Host', 'h', ...REPEATED_HEADERS] }), multi);

    // Assess
    expect(event).toMatchObject({
      multiValueHeaders: { accept: ['text/html', 'application/json'], cookie: ['session=abc; theme=dark', 'lang=en'] },
      multiValueQueryStringParameters: { tag: ['a', 'b'] },
    });
    expect(event).not.toHaveProperty('headers');
  });

  it('passes query parameters as sent, without decoding them', () => {
    // Act
    const event = createAlbEvent(lambdaRequestFactory({ query: 'q=hello%20world' }), single);

    // Assess
    expect(event).toMatchObject({ queryStringParameters: { q: 'hello%20world' } });
  });

  it('sends an empty body as "" and no query as {}', () => {
    // Act
    const event = createAlbEvent(lambdaRequestFactory(), single);

    // Assess
    expect(event).toMatchObject({ body: '', isBase64Encoded: false, queryStringParameters: {} });
  });
});

describe('Function: parseAlbResult', () => {
  it('reads headers from the map the target group uses', () => {
    // Prepare
    const response = {
      statusCode: 200,
      statusDescription: '200 OK',
      headers: { 'x-single': '1' },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: 'ok',
    };

    // Act
    const off = result(response, single);
    const on = result(response, multi);

    // Assess
    expect(off.ok && off.result.rawHeaders).toEqual(['x-single', '1', 'Content-Length', '2']);
    expect(on.ok && on.result.rawHeaders).toEqual(['set-cookie', 'a=1', 'set-cookie', 'b=2', 'Content-Length', '2']);
  });

  it('requires statusCode', () => {
    // Act
    const parsed = result({ body: 'x' });

    // Assess
    expect(parsed).toEqual({ ok: false, reason: 'statusCode is required' });
  });

  it('rejects a response over 1 MB, as ALB does', () => {
    // Act
    const parsed = result({ statusCode: 200, body: 'x'.repeat(ALB_MAX_RESPONSE_BYTES) });

    // Assess
    expect(parsed.ok).toBe(false);
  });
});
