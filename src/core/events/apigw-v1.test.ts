import { APIGatewayProxyEventSchema } from '@aws-lambda-powertools/parser/schemas';
import { describe, expect, it } from 'vitest';
import { lambdaRequestFactory, REPEATED_HEADERS, requestMatrix } from '../../../test/helpers/lambda-request.js';
import { createApiGatewayV1Event, parseApiGatewayV1Result } from './apigw-v1.js';

const result = (value: unknown) => parseApiGatewayV1Result(JSON.stringify(value));

describe('Function: createApiGatewayV1Event', () => {
  it.each(requestMatrix())('builds an event the Powertools schema accepts: $description', ({ request, base64, body }) => {
    // Act
    const event = createApiGatewayV1Event(request);

    // Assess
    const parsed = APIGatewayProxyEventSchema.safeParse(event);
    expect(parsed.error?.issues ?? []).toEqual([]);
    expect(event.isBase64Encoded).toBe(base64);
    expect(event.body === null ? Buffer.alloc(0) : Buffer.from(event.body, base64 ? 'base64' : 'utf8')).toEqual(body);
  });

  it('keeps every value of repeated headers in multiValueHeaders and the last in headers', () => {
    // Act
    const event = createApiGatewayV1Event(lambdaRequestFactory({ rawHeaders: ['Host', 'api.example.com', ...REPEATED_HEADERS] }));

    // Assess
    expect(event.multiValueHeaders.Accept).toEqual(['text/html', 'application/json']);
    expect(event.headers.Accept).toBe('application/json');
    expect(event.multiValueHeaders.Cookie).toEqual(['session=abc; theme=dark', 'lang=en']);
    expect(event.headers['X-Forwarded-For']).toBe('198.51.100.1, 203.0.113.9');
    expect(event.headers['X-Forwarded-Proto']).toBe('http');
    expect(event.headers['X-Forwarded-Port']).toBe('8080');
  });

  it('decodes query parameters, keeps "+" and repeats', () => {
    // Act
    const event = createApiGatewayV1Event(lambdaRequestFactory({ query: 'tag=a&tag=b&q=hello%20world&plus=a+b&empty' }));

    // Assess
    expect(event.multiValueQueryStringParameters).toEqual({ tag: ['a', 'b'], q: ['hello world'], plus: ['a+b'], empty: [''] });
    expect(event.queryStringParameters).toEqual({ tag: 'b', q: 'hello world', plus: 'a+b', empty: '' });
  });

  it('sets both query maps to null without a query string, and body to null without a body', () => {
    // Act
    const event = createApiGatewayV1Event(lambdaRequestFactory());

    // Assess
    expect(event.queryStringParameters).toBeNull();
    expect(event.multiValueQueryStringParameters).toBeNull();
    expect(event.body).toBeNull();
    expect(event.isBase64Encoded).toBe(false);
  });

  it('describes the request like a {proxy+} resource', () => {
    // Act
    const event = createApiGatewayV1Event(lambdaRequestFactory({ path: '/users/7' }));
    const root = createApiGatewayV1Event(lambdaRequestFactory({ path: '/' }));

    // Assess
    expect(event).toMatchObject({
      resource: '/{proxy+}',
      pathParameters: { proxy: 'users/7' },
      requestContext: { resourcePath: '/{proxy+}', path: '/users/7', requestTime: '02/Jan/2026:03:04:05 +0000' },
    });
    expect(root).toMatchObject({ resource: '/', pathParameters: null });
  });

  it('leaves out Content-Length, as REST APIs do', () => {
    // Act
    const event = createApiGatewayV1Event(
      lambdaRequestFactory({ method: 'POST', rawHeaders: ['Host', 'h', 'Content-Length', '2', 'Content-Type', 'application/json'], body: Buffer.from('{}') }),
    );

    // Assess
    expect(Object.keys(event.headers)).not.toContain('Content-Length');
  });

  it('refuses a method API Gateway does not have', () => {
    // Act
    const act = () => createApiGatewayV1Event(lambdaRequestFactory({ method: 'TRACE' }));

    // Assess
    expect(act).toThrow(expect.objectContaining({ code: 'SLUICE_METHOD_NOT_ALLOWED', statusCode: 405 }));
  });
});

describe('Function: parseApiGatewayV1Result', () => {
  it('reads status, headers and body', () => {
    // Act
    const parsed = result({ statusCode: 201, headers: { 'X-Id': '7', 'X-Flag': true }, body: '{"id":7}' });

    // Assess
    expect(parsed).toEqual({
      ok: true,
      result: {
        status: 201,
        rawHeaders: ['X-Id', '7', 'X-Flag', 'true', 'Content-Type', 'application/json', 'Content-Length', '8'],
        body: Buffer.from('{"id":7}'),
      },
    });
  });

  it('keeps every Set-Cookie of multiValueHeaders, which win over headers for the same name', () => {
    // Act
    const parsed = result({
      statusCode: 200,
      headers: { 'Set-Cookie': 'lost=1', 'Content-Type': 'text/plain' },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: 'ok',
    });

    // Assess
    expect(parsed.ok && parsed.result.rawHeaders).toEqual(['Content-Type', 'text/plain', 'set-cookie', 'a=1', 'set-cookie', 'b=2', 'Content-Length', '2']);
  });

  it('decodes a base64 body', () => {
    // Act
    const parsed = result({ statusCode: 200, headers: { 'Content-Type': 'image/png' }, body: Buffer.from([0, 255]).toString('base64'), isBase64Encoded: true });

    // Assess
    expect(parsed.ok && parsed.result.body).toEqual(Buffer.from([0, 255]));
  });

  it('accepts a string status code and defaults a missing one to 200', () => {
    // Act
    const asString = result({ statusCode: '404', body: '' });
    const missing = result({ body: 'x' });

    // Assess
    expect(asString.ok && asString.result.status).toBe(404);
    expect(missing.ok && missing.result.status).toBe(200);
  });

  it.each([
    { description: 'a body that is an object', value: { statusCode: 200, body: { a: 1 } } },
    { description: 'an unknown key', value: { statusCode: 200, body: '', statueCode: 200 } },
    { description: 'a function error object', value: { errorMessage: 'boom', errorType: 'Error' } },
    { description: 'a number as a header value', value: { statusCode: 200, headers: { 'X-Count': 5 } } },
    { description: 'a status code out of range', value: { statusCode: 99 } },
    { description: 'a status code that is not a number', value: { statusCode: 'OK' } },
    { description: 'a body that is not base64', value: { statusCode: 200, body: '%%%', isBase64Encoded: true } },
    { description: 'isBase64Encoded that is not a boolean', value: { statusCode: 200, body: '', isBase64Encoded: 'true' } },
    { description: 'a bare string', value: 'hello' },
    { description: 'an array', value: [1, 2] },
    { description: 'a header name with a space', value: { statusCode: 200, headers: { 'Bad Name': 'x' } } },
    { description: 'a header value with a line break', value: { statusCode: 200, headers: { 'X-A': 'a\r\nX-B: b' } } },
  ])('rejects $description, as AWS does', ({ value }) => {
    // Act
    const parsed = result(value);

    // Assess
    expect(parsed.ok).toBe(false);
  });

  it('rejects a payload that is not JSON', () => {
    // Act
    const parsed = parseApiGatewayV1Result('Task timed out');

    // Assess
    expect(parsed).toEqual({ ok: false, reason: 'the response is not JSON' });
  });

  it('drops framing headers the gateway sets itself', () => {
    // Act
    const parsed = result({
      statusCode: 200,
      headers: { 'Content-Length': '999', 'Transfer-Encoding': 'chunked', Connection: 'close', 'Content-Type': 'text/plain' },
      body: 'hi',
    });

    // Assess
    expect(parsed.ok && parsed.result.rawHeaders).toEqual(['Content-Type', 'text/plain', 'Content-Length', '2']);
  });
});
