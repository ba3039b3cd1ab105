import { randomUUID } from 'node:crypto';
import type { LambdaHttpRequest } from '../../src/core/events/types.js';

/**
 * A request as the lambda target hands it to the event builders, with typical defaults.
 *
 * @example
 * ```ts
 * const request = lambdaRequestFactory({ method: 'POST', body: Buffer.from('{}'), rawHeaders: ['Content-Type', 'application/json'] });
 * ```
 */
export function lambdaRequestFactory(overrides: Partial<LambdaHttpRequest> = {}): LambdaHttpRequest {
  return {
    method: 'GET',
    path: '/users/7',
    query: '',
    rawHeaders: ['Host', 'api.example.com:8080', 'User-Agent', 'test-agent/1.0'],
    body: Buffer.alloc(0),
    sourceIp: '203.0.113.9',
    protocol: 'HTTP/1.1',
    scheme: 'http',
    port: 8080,
    requestId: randomUUID(),
    timeEpochMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    ...overrides,
  };
}

/** Every method API Gateway has, for table tests. */
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

/** Query strings: none, one parameter, repeated and encoded parameters, a key without a value. */
export const QUERIES = ['', 'page=2', 'tag=a&tag=b&q=hello%20world&plus=a+b&empty'] as const;

/** Bodies: none, JSON text, binary, form-urlencoded (binary for AWS), text without a type. */
export const BODIES = [
  { description: 'no body', headers: [] as string[], body: Buffer.alloc(0), base64: false },
  { description: 'a JSON body', headers: ['Content-Type', 'application/json'], body: Buffer.from('{"name":"morpheus"}'), base64: false },
  { description: 'a binary body', headers: ['Content-Type', 'image/png'], body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]), base64: true },
  { description: 'a form body', headers: ['Content-Type', 'application/x-www-form-urlencoded'], body: Buffer.from('a=1&b=2'), base64: true },
  { description: 'a body without Content-Type', headers: [] as string[], body: Buffer.from('plain'), base64: true },
] as const;

/** Headers with repeats and cookies, as clients send them. */
export const REPEATED_HEADERS = [
  'Accept',
  'text/html',
  'accept',
  'application/json',
  'Cookie',
  'session=abc; theme=dark',
  'Cookie',
  'lang=en',
  'X-Forwarded-For',
  '198.51.100.1',
];

/** Every combination, named for `it.each`. */
export function requestMatrix(): { description: string; request: LambdaHttpRequest; base64: boolean; body: Buffer }[] {
  const out: { description: string; request: LambdaHttpRequest; base64: boolean; body: Buffer }[] = [];
  for (const method of METHODS) {
    for (const query of QUERIES) {
      for (const body of BODIES) {
        for (const repeated of [false, true]) {
          const rawHeaders = ['Host', 'api.example.com', 'User-Agent', 'test-agent/1.0', ...body.headers, ...(repeated ? REPEATED_HEADERS : [])];
          out.push({
            description: `${method} ?${query || '(none)'} with ${body.description}${repeated ? ', repeated headers and cookies' : ''}`,
            request: lambdaRequestFactory({ method, query, body: body.body, rawHeaders }),
            base64: body.base64,
            body: body.body,
          });
        }
      }
    }
  }
  return out;
}
