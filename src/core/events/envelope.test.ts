import { describe, expect, it } from 'vitest';
import { lambdaRequestFactory } from '../../../test/helpers/lambda-request.js';
import { createEnvelopeRequest, parseEnvelopeReply } from './envelope.js';

const reply = (value: unknown) => parseEnvelopeReply(JSON.stringify(value));

describe('Function: createEnvelopeRequest', () => {
  it('builds the Caddy awslambda request envelope', () => {
    // Act
    const envelope = createEnvelopeRequest(
      lambdaRequestFactory({
        method: 'POST',
        path: '/lambda/hello',
        query: 'a=1',
        rawHeaders: ['Host', 'localhost:2015', 'Content-Type', 'application/x-www-form-urlencoded', 'Accept', 'a', 'ACCEPT', 'b'],
        body: Buffer.from('hello'),
      }),
    );

    // Assess
    expect(envelope).toEqual({
      type: 'HTTPJSON-REQ',
      meta: {
        method: 'POST',
        path: '/lambda/hello',
        query: 'a=1',
        host: 'localhost:2015',
        proto: 'HTTP/1.1',
        headers: { 'content-type': ['application/x-www-form-urlencoded'], accept: ['a', 'b'] },
      },
      body: 'hello',
    });
  });

  it('sends a body that is not UTF-8 as base64, saying so', () => {
    // Act
    const envelope = createEnvelopeRequest(lambdaRequestFactory({ body: Buffer.from([0xff, 0xfe]) }));

    // Assess
    expect(envelope).toMatchObject({ body: '//4=', bodyEncoding: 'base64' });
  });
});

describe('Function: parseEnvelopeReply', () => {
  it('reads a reply envelope with status, array headers and a base64 body', () => {
    // Act
    const parsed = reply({
      type: 'HTTPJSON-REP',
      meta: { status: 302, headers: { Location: ['/x'], 'Set-Cookie': ['a=1', 'b=2'] } },
      body: 'AP8=',
      bodyEncoding: 'base64',
    });

    // Assess
    expect(parsed).toEqual({
      ok: true,
      result: {
        status: 302,
        rawHeaders: ['Location', '/x', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2', 'Content-Type', 'application/json', 'Content-Length', '2'],
        body: Buffer.from([0, 255]),
      },
    });
  });

  it('uses 200 and application/json without meta', () => {
    // Act
    const parsed = reply({ type: 'HTTPJSON-REP', body: 'hi' });

    // Assess
    expect(parsed.ok && [parsed.result.status, parsed.result.rawHeaders]).toEqual([200, ['content-type', 'application/json', 'Content-Length', '2']]);
  });

  it.each([
    { description: 'a reply without type', value: { hello: 'world' } },
    { description: 'another type', value: { type: 'OTHER', body: 'x' } },
    { description: 'header values that are not arrays', value: { type: 'HTTPJSON-REP', meta: { headers: { 'content-type': 'text/html' } }, body: 'x' } },
    { description: 'a JSON array', value: [1, 2] },
  ])('returns $description raw as 200 application/json', ({ value }) => {
    // Act
    const parsed = reply(value);

    // Assess
    expect(parsed).toEqual({
      ok: true,
      result: {
        status: 200,
        rawHeaders: ['Content-Type', 'application/json', 'Content-Length', String(JSON.stringify(value).length)],
        body: Buffer.from(JSON.stringify(value)),
      },
    });
  });
});
