/**
 * Pieces every event format takes from the request: the headers AWS adds in front of a
 * function, query parameters, the request time in API Gateway's format.
 */
import type { LambdaHttpRequest } from './types.js';

/** A header as `[name, value]`, in the order it arrived. */
export type HeaderPair = readonly [name: string, value: string];

/** Headers AWS sets itself in front of a function (a client's own values are replaced). */
export const FORWARDED: ReadonlySet<string> = new Set(['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port']);

/**
 * The request's headers as AWS hands them to a function: API Gateway and ALB append the
 * client's address to `X-Forwarded-For` and set `X-Forwarded-Proto` and `X-Forwarded-Port` to
 * what the client connected with (a client cannot choose them). Names keep the client's case;
 * the forwarding headers use `casing` (`X-Forwarded-For` for REST APIs, lower case elsewhere).
 *
 * @example
 * ```ts
 * eventHeaderPairs(request, 'title'); // [['Host', 'api.example.com'], …, ['X-Forwarded-For', '203.0.113.9'], …]
 * ```
 */
export function eventHeaderPairs(request: LambdaHttpRequest, casing: 'title' | 'lower'): HeaderPair[] {
  const raw = request.rawHeaders;
  const pairs: HeaderPair[] = [];
  let forwardedFor: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    const lower = name.toLowerCase();
    if (FORWARDED.has(lower)) {
      if (lower === 'x-forwarded-for') forwardedFor = forwardedFor === undefined ? raw[i + 1]! : `${forwardedFor}, ${raw[i + 1]!}`;
      continue;
    }
    pairs.push([name, raw[i + 1]!]);
  }
  const title = casing === 'title';
  pairs.push(
    [title ? 'X-Forwarded-For' : 'x-forwarded-for', forwardedFor ? `${forwardedFor}, ${request.sourceIp}` : request.sourceIp],
    [title ? 'X-Forwarded-Port' : 'x-forwarded-port', String(request.port)],
    [title ? 'X-Forwarded-Proto' : 'x-forwarded-proto', request.scheme],
  );
  return pairs;
}

/**
 * The first value of a header among pairs (case-insensitive name).
 *
 * @example
 * ```ts
 * headerValue([['Content-Type', 'text/plain']], 'content-type'); // 'text/plain'
 * ```
 */
export function headerValue(pairs: readonly HeaderPair[], lowerName: string): string | undefined {
  for (const [name, value] of pairs) if (name.length === lowerName.length && name.toLowerCase() === lowerName) return value;
  return undefined;
}

/**
 * Splits a raw query string into `[key, value]` pairs, in order. `decode` percent-decodes both
 * (API Gateway does; ALB passes them as sent); a malformed escape is kept as it is. `+` stays a
 * plus sign, as in API Gateway. A key without `=` has the value `''`.
 *
 * @example
 * ```ts
 * queryPairs('a=1&a=2&b', true); // [['a', '1'], ['a', '2'], ['b', '']]
 * ```
 */
export function queryPairs(query: string, decode: boolean): [string, string][] {
  if (query === '') return [];
  const pairs: [string, string][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const equals = part.indexOf('=');
    const key = equals === -1 ? part : part.slice(0, equals);
    const value = equals === -1 ? '' : part.slice(equals + 1);
    pairs.push(decode ? [decodeComponent(key), decodeComponent(value)] : [key, value]);
  }
  return pairs;
}

function decodeComponent(text: string): string {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * Groups pairs by key, keeping the first spelling of each key and every value in order.
 *
 * @example
 * ```ts
 * groupPairs([['a', '1'], ['a', '2']]); // { a: ['1', '2'] }
 * ```
 */
export function groupPairs(pairs: readonly (readonly [string, string])[], keyOf: (name: string) => string = (name) => name): Record<string, string[]> {
  const grouped: Record<string, string[]> = {};
  for (const [name, value] of pairs) {
    const key = keyOf(name);
    const list = grouped[key];
    if (list === undefined) grouped[key] = [value];
    else list.push(value);
  }
  return grouped;
}

/**
 * Groups header pairs case-insensitively under the first spelling each name arrived in.
 *
 * @example
 * ```ts
 * groupHeaders([['Accept', 'a'], ['accept', 'b']]); // { Accept: ['a', 'b'] }
 * ```
 */
export function groupHeaders(pairs: readonly HeaderPair[]): Record<string, string[]> {
  const spelling = new Map<string, string>();
  return groupPairs(pairs, (name) => {
    const lower = name.toLowerCase();
    const first = spelling.get(lower);
    if (first !== undefined) return first;
    spelling.set(lower, name);
    return name;
  });
}

/** The last value of every list: API Gateway's and ALB's single-value maps keep the last one. */
export function lastValues(grouped: Record<string, string[]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(grouped)) out[key] = grouped[key]![grouped[key]!.length - 1]!;
  return out;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * API Gateway's `requestTime`/`time` format, in UTC.
 *
 * @example
 * ```ts
 * requestTime(Date.UTC(2015, 3, 9, 12, 34, 56)); // '09/Apr/2015:12:34:56 +0000'
 * ```
 */
export function requestTime(epochMs: number): string {
  // One format per second serves every request in it.
  const second = Math.floor(epochMs / 1000);
  if (second === lastSecond) return lastText;
  const d = new Date(epochMs);
  lastText = `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`;
  lastSecond = second;
  return lastText;
}

let lastSecond = Number.NaN;
let lastText = '';

/** `Host` without its port, lower case ('' when absent). */
export function domainName(pairs: readonly HeaderPair[]): string {
  return hostDomain(headerValue(pairs, 'host') ?? '');
}

/** A Host value without its port, lower case. */
export function hostDomain(hostHeader: string): string {
  const host = hostHeader.toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.indexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/** Placeholders where AWS puts ids of the account and API (the documentation's own examples). */
export const ACCOUNT_ID = '123456789012';
export const API_ID = 'sluice';
