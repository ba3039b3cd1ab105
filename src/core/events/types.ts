/**
 * The HTTP side of an invocation, as the event builders and result parsers see it: plain data,
 * no sockets, so every mapping between HTTP and Lambda is a pure function.
 */

/** One HTTP request, ready to become an event. */
export interface LambdaHttpRequest {
  readonly method: string;
  /** The path the function sees, raw (percent-encoding kept), without the query. */
  readonly path: string;
  /** The raw query string without `?` ('' when none). */
  readonly query: string;
  /** Flat `[name, value, …]` list in the client's case and order, hop-by-hop headers removed. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** The client's address (IPv4 or IPv6, never IPv4-mapped). */
  readonly sourceIp: string;
  /** e.g. `HTTP/1.1`. */
  readonly protocol: string;
  readonly scheme: 'http' | 'https';
  /** The port the client connected to (for `X-Forwarded-Port`). */
  readonly port: number;
  /** The invocation's request id, also the event's `requestContext.requestId`. */
  readonly requestId: string;
  /** When the request arrived, in milliseconds since the epoch. */
  readonly timeEpochMs: number;
}

/** What a function's answer becomes on the HTTP side. */
export interface HttpResult {
  readonly status: number;
  /** Flat `[name, value, …]` list; every `Set-Cookie` is its own entry. */
  readonly rawHeaders: string[];
  readonly body: Buffer;
}

/** A parsed result, or why AWS would have rejected it (the client then gets 502). */
export type ParsedResult = { readonly ok: true; readonly result: HttpResult } | { readonly ok: false; readonly reason: string };

/**
 * The event shapes a `lambda` target can send (SPEC §4): API Gateway REST proxy (`apigw-v1`),
 * HTTP API payload 2.0 (`apigw-v2`), an ALB target event (`alb`), or the Caddy awslambda
 * envelope (`envelope`).
 */
export type EventFormatName = 'apigw-v1' | 'apigw-v2' | 'alb' | 'envelope';

/** One event shape: the request it builds and how it reads the function's answer. */
export interface EventFormat {
  readonly name: EventFormatName;
  /** The event object, ready for `JSON.stringify`. */
  createEvent(request: LambdaHttpRequest): unknown;
  /** The event as JSON text, the invocation's payload: `JSON.stringify(createEvent(request))`. */
  createPayload(request: LambdaHttpRequest): string;
  /** Reads the function's response payload (the JSON text Invoke returned). */
  parseResult(payload: string): ParsedResult;
}

/** @internal */
export const rejected = (reason: string): ParsedResult => ({ ok: false, reason });
/** @internal */
export const accepted = (result: HttpResult): ParsedResult => ({ ok: true, result });
