import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csrfProblem, loopbackHostHeader, readJsonBody } from './admin-request.js';

function request(headers: Record<string, string | undefined>, body = ''): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), { headers }) as unknown as IncomingMessage;
}

describe('Function: csrfProblem', () => {
  it.each([
    {
      description: 'a same-origin JSON POST',
      headers: { 'content-type': 'application/json', origin: 'http://127.0.0.1:9901', host: '127.0.0.1:9901' },
      status: undefined,
    },
    {
      description: 'a JSON POST from a script without Origin (curl)',
      headers: { 'content-type': 'application/json; charset=utf-8', host: '127.0.0.1:9901' },
      status: undefined,
    },
    { description: 'a form post', headers: { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:9901' }, status: 415 },
    { description: 'a text/plain no-cors fetch', headers: { 'content-type': 'text/plain', host: '127.0.0.1:9901' }, status: 415 },
    { description: 'another origin', headers: { 'content-type': 'application/json', origin: 'https://evil.example', host: '127.0.0.1:9901' }, status: 403 },
    { description: 'a cross-site fetch', headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site', host: '127.0.0.1:9901' }, status: 403 },
    { description: 'Origin: null (a sandboxed frame)', headers: { 'content-type': 'application/json', origin: 'null', host: '127.0.0.1:9901' }, status: 403 },
  ])('$description → $status', ({ headers, status }) => {
    // Act
    const problem = csrfProblem(request(headers));

    // Assess
    expect(problem?.status).toBe(status);
  });
});

describe('Function: loopbackHostHeader', () => {
  it.each([
    ['127.0.0.1:9901', true],
    ['localhost:9901', true],
    ['[::1]:9901', true],
    ['rebound.example:9901', false],
    ['10.0.0.5', false],
    [undefined, false],
  ])('%s → %s', (host, expected) => {
    expect(loopbackHostHeader(host)).toBe(expected);
  });
});

describe('Function: readJsonBody', () => {
  it('parses JSON and reads an empty body as {}', async () => {
    // Act & Assess
    await expect(readJsonBody(request({}, '{"all":true}'))).resolves.toEqual({ all: true });
    await expect(readJsonBody(request({}, ''))).resolves.toEqual({});
  });

  it('refuses bad JSON (400) and a body over the limit (413)', async () => {
    // Act & Assess
    await expect(readJsonBody(request({}, '{nope'))).rejects.toMatchObject({ code: 'SLUICE_BAD_REQUEST', statusCode: 400 });
    await expect(readJsonBody(request({}, 'x'.repeat(20)), 10)).rejects.toMatchObject({ code: 'SLUICE_BODY_TOO_LARGE', statusCode: 413 });
    await expect(readJsonBody(request({ 'content-length': '99' }, '{}'), 10)).rejects.toMatchObject({ code: 'SLUICE_BODY_TOO_LARGE' });
  });
});
