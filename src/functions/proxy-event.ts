import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { bodyKind } from '../core/body-kind.js';
import { BadRequestError, type SluiceError } from '../core/errors.js';
import { findHeader, stripHopByHop } from '../core/headers.js';

/**
 * API Gateway REST proxy events (AWS_PROXY integration) to HTTP and back, as pure functions.
 * Multi-value fields are preferred: API Gateway fills them with every value, the single-value
 * fields only with the last one.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** Headers API Gateway sets itself on the response, or that describe our connection. */
const RESPONSE_DROP = new Set(['content-length']);
const REQUEST_DROP = new Set(['host', 'content-length']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The request's headers as a flat raw list, in the case the client sent them.
 *
 * @example
 * ```ts
 * requestRawHeaders(event); // ['Content-Type', 'application/json', 'Accept', '*\/*']
 * ```
 */
export function requestRawHeaders(event: Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'>): string[] {
  const raw: string[] = [];
  const multi = event.multiValueHeaders ?? {};
  for (const [name, values] of Object.entries(multi)) for (const value of values ?? []) raw.push(name, value);
  if (raw.length > 0) return raw;
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) raw.push(name, value);
  return raw;
}

/**
 * The query string as the client sent it (API Gateway hands over decoded values, which are
 * encoded again here).
 *
 * @example
 * ```ts
 * queryString({ multiValueQueryStringParameters: { tag: ['a', 'b'] }, queryStringParameters: { tag: 'b' } }); // 'tag=a&tag=b'
 * ```
 */
export function queryString(event: Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'>): string {
  const params = new URLSearchParams();
  const multi = event.multiValueQueryStringParameters;
  if (multi) {
    for (const [name, values] of Object.entries(multi)) for (const value of values ?? []) params.append(name, value);
  } else {
    for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) if (value !== undefined) params.append(name, value);
  }
  return params.toString();
}

/**
 * The request body: base64-decoded when API Gateway encoded it (binary media types).
 *
 * @throws BadRequestError when `isBase64Encoded` is set and the body is not base64.
 */
export function requestBody(event: Pick<APIGatewayProxyEvent, 'body' | 'isBase64Encoded'>): Buffer {
  const body = event.body ?? '';
  if (!event.isBase64Encoded) return Buffer.from(body, 'utf8');
  if (!BASE64.test(body)) throw new BadRequestError('the event says its body is base64, and it is not');
  return Buffer.from(body, 'base64');
}

/** Headers to send upstream: hop-by-hop headers, Host and Content-Length left out (they describe the client's connection). */
export function upstreamHeaders(raw: readonly string[]): string[] {
  return stripHopByHop(raw, REQUEST_DROP);
}

/**
 * The proxy result API Gateway expects: every header value in `multiValueHeaders` (so each
 * `Set-Cookie` survives), text bodies as they are and anything else base64 with
 * `isBase64Encoded` (API Gateway decodes it for clients when the API lists the media type in
 * its binary media types).
 *
 * @example
 * ```ts
 * toProxyResult(200, ['Content-Type', 'text/plain', 'Set-Cookie', 'a=1', 'Set-Cookie', 'b=2'], Buffer.from('hi'));
 * // { statusCode: 200, multiValueHeaders: { 'Content-Type': ['text/plain'], 'Set-Cookie': ['a=1', 'b=2'] }, body: 'hi', isBase64Encoded: false }
 * ```
 */
export function toProxyResult(status: number, rawHeaders: readonly string[], body: Buffer): APIGatewayProxyResult {
  const multiValueHeaders: Record<string, string[]> = {};
  const keyByLower = new Map<string, string>();
  const kept = stripHopByHop(rawHeaders, RESPONSE_DROP);
  for (let index = 0; index < kept.length; index += 2) {
    const name = kept[index]!;
    const lower = name.toLowerCase();
    const key = keyByLower.get(lower) ?? name;
    keyByLower.set(lower, key);
    (multiValueHeaders[key] ??= []).push(kept[index + 1]!);
  }
  const text = asText(body, findHeader(rawHeaders, 'content-type'), findHeader(rawHeaders, 'content-encoding'));
  return text === undefined
    ? { statusCode: status, multiValueHeaders, body: body.toString('base64'), isBase64Encoded: true }
    : { statusCode: status, multiValueHeaders, body: text, isBase64Encoded: false };
}

/**
 * A Sluice error as a JSON proxy result (`{"error":{"code","message"}}`).
 *
 * @example
 * ```ts
 * errorResult(new RouteNotMappedError('no route for GET /x')).statusCode; // 502
 * ```
 */
export function errorResult(error: SluiceError): APIGatewayProxyResult {
  return {
    statusCode: error.statusCode,
    multiValueHeaders: { 'Content-Type': ['application/json; charset=utf-8'] },
    body: JSON.stringify(error.toJSON()),
    isBase64Encoded: false,
  };
}

/** The raw headers of a proxy result, for the capture. */
export function resultRawHeaders(result: APIGatewayProxyResult): string[] {
  const raw: string[] = [];
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {})) for (const value of values) raw.push(name, String(value));
  return raw;
}

function asText(body: Buffer, contentType: string | undefined, contentEncoding: string | undefined): string | undefined {
  if (body.length === 0) return '';
  if (contentEncoding !== undefined && contentEncoding.toLowerCase() !== 'identity') return undefined;
  if (bodyKind(contentType) === 'binary') return undefined;
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}
