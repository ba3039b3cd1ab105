import { BadHostError, BadRequestError, HttpVersionNotSupportedError, MethodNotAllowedError } from './errors.js';
import { parseRequestTarget, type RequestTarget } from './request-target.js';
import { normaliseHost } from './route-match.js';

/** The parts of a parsed request the gateway routes on (Node's `IncomingMessage` has them all). */
export interface RequestHead {
  readonly method?: string | undefined;
  readonly url?: string | undefined;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  /** Flat `[name, value, …]` list. */
  readonly rawHeaders: readonly string[];
}

/** A request head that passed every check: what routing, auth, capture and the upstream use. */
export interface ResolvedRequest extends RequestTarget {
  /**
   * The host the request is for: the `Host` header as sent, or the authority of an HTTP/1.0
   * absolute-form target without one (RFC 9112 §3.2.2); undefined when neither is there.
   */
  readonly host: string | undefined;
}

/**
 * The methods the gateway proxies, sent in `Allow` when it refuses one. TRACE would echo
 * credentials and cookies back (cross-site tracing) and CONNECT would make the gateway a tunnel
 * to anywhere: neither is served on any route.
 */
export const ALLOWED_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The methods refused on every route (see {@link ALLOWED_METHODS}). */
const REFUSED_METHODS: ReadonlySet<string> = new Set(['TRACE', 'CONNECT']);

// RFC 9110 §7.2 / RFC 3986 §3.2.2: IP-literal or reg-name (unreserved, pct-encoded, sub-delims), then an optional port.
const HOST_VALUE = /^(?:\[[0-9A-Za-z:.\-_~!$&'()*+,;=]+\]|[0-9A-Za-z.\-_~!$&'()*+,;=%]*)(?::[0-9]*)?$/;

/**
 * Checks a request head in the order the answers depend on each other, and returns the one
 * normalised view of it the gateway uses everywhere:
 *
 * 1. HTTP major version other than 1 (`HTTP/2.0` in a text request line): 505 (RFC 9110 §15.6.6).
 * 2. More than one `Host`, or an invalid one: 400 (RFC 9112 §3.2); none on HTTP/1.1: 400.
 * 3. `TRACE` or `CONNECT`: 405 with `Allow`.
 * 4. The request target: 400 unless origin-form or http(s) absolute-form with a path that can be
 *    normalised; an absolute-form authority must name the same host as `Host` (routing is by
 *    host, and RFC 9112 §3.2.2 would have the authority win).
 *
 * @throws the SluiceError to answer with.
 *
 * @example
 * ```ts
 * const { host, path, query } = resolveRequestHead(req); // req: IncomingMessage
 * table.match(host, path, req.method);
 * ```
 */
export function resolveRequestHead(head: RequestHead): ResolvedRequest {
  if (head.httpVersionMajor !== 1) {
    throw new HttpVersionNotSupportedError(`HTTP/${head.httpVersionMajor}.${head.httpVersionMinor} is not supported here; use HTTP/1.1`);
  }
  const host = hostHeader(head.rawHeaders);
  if (host === undefined && head.httpVersionMinor >= 1) throw new BadRequestError('missing Host header');
  const method = head.method ?? 'GET';
  if (REFUSED_METHODS.has(method)) throw new MethodNotAllowedError(`${method} is not allowed`, ALLOWED_METHODS);
  const target = parseRequestTarget(head.url ?? '/');
  if (target.authority !== undefined && host !== undefined && normaliseHost(target.authority) !== normaliseHost(host)) {
    throw new BadHostError('the Host header names another host than the request target');
  }
  // Built field by field: a spread here costs microseconds per request on Node 20's V8.
  return { path: target.path, query: target.query, authority: target.authority, host: host ?? target.authority };
}

/** The single `Host` header's value, undefined when there is none. */
function hostHeader(raw: readonly string[]): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length !== 4 || name.toLowerCase() !== 'host') continue;
    if (value !== undefined) throw new BadHostError('more than one Host header');
    value = raw[i + 1]!;
  }
  if (value !== undefined && !HOST_VALUE.test(value)) throw new BadHostError('invalid Host header');
  return value;
}
