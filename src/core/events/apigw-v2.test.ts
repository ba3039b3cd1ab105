import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { lambdaRequestFactory, REPEATED_HEADERS, requestMatrix } from '../../../test/helpers/lambda-request.js';
import { createApiGatewayV2Event, createApiGatewayV2Payload, parseApiGatewayV2Result } from './apigw-v2.js';

const result = (value: unknown) => parseApiGatewayV2Result(JSON.stringify(value));

describe('Function: createApiGatewayV2Event', () => {
  it.each(requestMatrix())('builds an event the Powertools schema accepts: $description', ({ request, base64, body }) => {
    // Act
    const event = createApiGatewayV2Event(request);

    // Assess
    const parsed = APIGatewayProxyEventV2Schema.safeParse(event);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(event.isBase64Encoded).toBe(body.length > 0 && base64);
    expect(event.body === undefined ? Buffer.alloc(0) : Buffer.from(event.body, base64 ? 'base64' : 'utf8')).toEqual(body);
  });

  it('moves cookies into cookies[] and joins repeated headers with commas', () => {
    // Act
    const event = createApiGatewayV2Event(lambdaRequestFactory({ rawHeaders: ['Host', 'api.example.com', ...REPEATED_HEADERS] }));

    // Assess
    expect(event.cookies).toEqual(['session=abc', 'theme=dark', 'lang=en']);
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers.accept).toBe('text/html,application/json');
    expect(event.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9');
  });

  it('joins repeated query parameters with commas and keeps the raw query string', () => {
    // Act
    const event = createApiGatewayV2Event(lambdaRequestFactory({ query: 'tag=a&tag=b&q=hello%20world' }));

    // Assess
    expect(event.rawQueryString).toBe('tag=a&tag=b&q=hello%20world');
    expect(event.queryStringParameters).toEqual({ tag: 'a,b', q: 'hello world' });
  });

  it('leaves out body, cookies and queryStringParameters when there are none', () => {
    // Act
    const event = createApiGatewayV2Event(lambdaRequestFactory());

    // Assess
    expect(Object.keys(event)).toEqual(['version', 'routeKey', 'rawPath', 'rawQueryString', 'headers', 'requestContext', 'isBase64Encoded']);
  });

  it('fills requestContext.http and the domain from the request', () => {
    // Act
    const event = createApiGatewayV2Event(
      lambdaRequestFactory({ method: 'PATCH', path: '/a%20b', rawHeaders: ['Host', 'API.Example.com:8080', 'User-Agent', 'ua'] }),
    );

    // Assess
    expect(event.requestContext).toMatchObject({
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: { method: 'PATCH', path: '/a%20b', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'ua' },
      routeKey: '$default',
      stage: '$default',
      time: '02/Jan/2026:03:04:05 +0000',
    });
  });
});

describe('Function: createApiGatewayV2Payload', () => {
  it.each(requestMatrix())('writes the same JSON as JSON.stringify of the event: $description', ({ request }) => {
    // Act
    const payload = createApiGatewayV2Payload(request);

    // Assess
    expect(payload).toBe(JSON.stringify(createApiGatewayV2Event(request)));
  });

  it.each([
    {
      description: 'quotes, backslashes and control characters',
      rawHeaders: ['Host', 'a.example', 'X-Note', 'say "hi" \\ \t'],
      path: '/"q"',
      query: 'a=%22%5C%0A',
    },
    {
      description: 'non-ASCII text and a lone surrogate',
      rawHeaders: ['Host', 'a.example', 'X-Name', 'café ☕', 'X-Odd', '\ud800'],
      path: '/caf%C3%A9',
      query: 'n=%E2%98%95',
    },
    {
      description: 'integer-like header names and query keys',
      rawHeaders: ['Host', 'a.example', '123', 'x', 'X-Later', 'y', '7', 'z'],
      path: '/',
      query: '9=a&b=2&1=c',
    },
    { description: 'a header named __proto__', rawHeaders: ['Host', 'a.example', '__proto__', 'x', 'constructor', 'y'], path: '/', query: '__proto__=1' },
    { description: 'no Host header', rawHeaders: ['Cookie', ' ; a=1 ;'], path: '/', query: '&&' },
  ])('writes the same JSON as JSON.stringify of the event with $description', ({ rawHeaders, path, query }) => {
    // Prepare
    const request = lambdaRequestFactory({ rawHeaders, path, query, body: Buffer.from('{"k":"\u2028"}'), method: 'POST' });

    // Act
    const payload = createApiGatewayV2Payload(request);

    // Assess
    expect(payload).toBe(JSON.stringify(createApiGatewayV2Event(request)));
  });
});

describe('Function: parseApiGatewayV2Result', () => {
  it('turns every cookie into its own Set-Cookie', () => {
    // Act
    const parsed = result({ statusCode: 200, cookies: ['a=1; Path=/', 'b=2'], headers: { 'content-type': 'text/plain' }, body: 'ok' });

    // Assess
    expect(parsed.ok && parsed.result.rawHeaders).toEqual([
      'content-type',
      'text/plain',
      'Set-Cookie',
      'a=1; Path=/',
      'Set-Cookie',
      'b=2',
      'Content-Length',
      '2',
    ]);
  });

  it.each([
    { description: 'a bare string', value: 'hello', body: 'hello' },
    { description: 'an object without statusCode', value: { message: 'hi' }, body: '{"message":"hi"}' },
    { description: 'a number', value: 42, body: '42' },
    { description: 'null', value: null, body: 'null' },
  ])('reads $description as the shorthand: 200, application/json', ({ value, body }) => {
    // Act
    const parsed = result(value);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      result: { status: 200, rawHeaders: ['Content-Type', 'application/json', 'Content-Length', String(body.length)], body: Buffer.from(body) },
    });
  });

  it('sends 204 without a body or a length, whatever the function put in body', () => {
    // Act
    const parsed = result({ statusCode: 204, body: 'ignored' });

    // Assess
    expect(parsed).toEqual({ ok: true, result: { status: 204, rawHeaders: [], body: Buffer.alloc(0) } });
  });

  it('decodes a base64 body', () => {
    // Act
    const parsed = result({ statusCode: 200, body: 'AP8=', isBase64Encoded: true });

    // Assess
    expect(parsed.ok && parsed.result.body).toEqual(Buffer.from([0, 255]));
  });

  it.each([
    { description: 'a body that is an object', value: { statusCode: 200, body: { a: 1 } } },
    { description: 'a status code out of range', value: { statusCode: 700 } },
    { description: 'cookies that are not an array', value: { statusCode: 200, cookies: 'a=1' } },
    { description: 'a cookie that is not a string', value: { statusCode: 200, cookies: [1] } },
    { description: 'headers that are not an object', value: { statusCode: 200, headers: ['a'] } },
  ])('rejects $description', ({ value }) => {
    // Act
    const parsed = result(value);

    // Assess
    expect(parsed.ok).toBe(false);
  });
});
