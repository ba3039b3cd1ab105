/**
 * Pieces every result parser shares: reading the payload's JSON, the status code, header names
 * and values Node can send, and the framing headers the gateway sets itself.
 */
import { decodeBase64 } from './binary.js';
import type { HttpResult } from './types.js';

/** @internal */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Parses the payload Invoke returned; `undefined` when it is not JSON.
 *
 * @example
 * ```ts
 * parsePayload('{"statusCode":200}'); // { value: { statusCode: 200 } }
 * ```
 */
export function parsePayload(payload: string): { readonly value: Json } | undefined {
  try {
    return { value: JSON.parse(payload) as Json };
  } catch {
    return undefined;
  }
}

/**
 * A `statusCode` as AWS accepts it: an integer, or a string of digits (AWS's own Python
 * blueprints return `'200'`), from 200 to 599. A reason string when it is not.
 *
 * @example
 * ```ts
 * statusCodeOf('201'); // 201
 * statusCodeOf(99.5); // 'statusCode must be an integer from 200 to 599, got 99.5'
 * ```
 */
export function statusCodeOf(value: unknown): number | string {
  const status = typeof value === 'number' ? value : typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    return `statusCode must be an integer from 200 to 599, got ${JSON.stringify(value)}`;
  }
  return status;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Node refuses header values with control characters or code points above U+00FF.
const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/** Headers the gateway frames itself: the function's values would contradict the body it sends. */
const FRAMING = new Set(['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'upgrade']);

/**
 * Collects response headers into a raw list, checking each name and value; returns a reason
 * on the first one Node could not send.
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * addHeader(out, 'Set-Cookie', 'a=1'); // undefined (added)
 * addHeader(out, 'Bad Name', 'x'); // 'invalid header name "Bad Name"'
 * ```
 */
export function addHeader(out: string[], name: string, value: string): string | undefined {
  if (!TOKEN.test(name)) return `invalid header name ${JSON.stringify(name)}`;
  if (!FIELD_VALUE.test(value)) return `invalid value for header ${JSON.stringify(name)}`;
  if (FRAMING.has(name.toLowerCase())) return undefined;
  out.push(name, value);
  return undefined;
}

/** True when a raw header list has the named header. */
export function hasHeader(raw: readonly string[], lowerName: string): boolean {
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === lowerName) return true;
  return false;
}

/**
 * A response body: the string as UTF-8, or decoded from base64 when `isBase64Encoded`.
 * A reason string when the body is not a string or not base64.
 */
export function bodyOf(body: unknown, isBase64Encoded: unknown): Buffer | string {
  if (isBase64Encoded !== undefined && isBase64Encoded !== null && typeof isBase64Encoded !== 'boolean') {
    return `isBase64Encoded must be a boolean, got ${JSON.stringify(isBase64Encoded)}`;
  }
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body !== 'string') return `body must be a string, got ${Array.isArray(body) ? 'an array' : typeof body}`;
  if (isBase64Encoded !== true) return Buffer.from(body, 'utf8');
  return decodeBase64(body) ?? 'body is marked isBase64Encoded but is not base64';
}

/**
 * The result with the Content-Length the gateway frames it with; 204 and 304 carry neither a
 * body nor a length (RFC 9110 §8.6), whatever the function put in `body`.
 */
export function withLength(status: number, rawHeaders: string[], body: Buffer): HttpResult {
  if (status === 204 || status === 304) return { status, rawHeaders, body: Buffer.alloc(0) };
  rawHeaders.push('Content-Length', String(body.length));
  return { status, rawHeaders, body };
}

/** A header value as AWS writes scalars: strings as they are, booleans as `true`/`false`. */
export function scalarHeader(value: unknown, allowNumbers: boolean): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (allowNumbers && typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
