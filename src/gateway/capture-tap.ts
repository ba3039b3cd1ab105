import { mayHoldFields, redactBody } from '../core/body-redact.js';
import { decodeContent } from '../core/content-decoding.js';
import type { CaptureMeta } from '../core/capture-frame.js';
import { configDefaults } from '../core/config-defaults.js';
import type { CaptureConfig } from '../core/config-schema.js';
import { FieldNames } from '../core/field-names.js';
import { findHeader, redactHeaders } from '../core/headers.js';
import { BodyFieldRedactor, redactHeaderUrls, redactPairs } from '../core/redact.js';
import { recordId } from './record-id.js';

/** What a tap needs to know, compiled once from the configuration. */
export interface CapturePolicy {
  /** Bytes kept per body; the rest is counted and marked truncated. */
  readonly maxBodyBytes: number;
  /** Lower-case header names whose values become `[REDACTED]`. */
  readonly redactHeaders: ReadonlySet<string>;
  /** Query parameters whose values become `[REDACTED]`, in the query and in URL headers. */
  readonly redactQuery: FieldNames;
  /** Body fields to redact; `undefined` when none are configured (no body parsing then). */
  readonly bodyFields: BodyFieldRedactor | undefined;
}

/**
 * The capture policy of a `capture:` configuration: the always-redacted headers plus the
 * configured ones, the query names and the body fields, compiled once.
 *
 * @example
 * ```ts
 * const policy = capturePolicy(config.capture);
 * new CaptureTap(policy, sink.write, request);
 * ```
 */
export function capturePolicy(capture: CaptureConfig): CapturePolicy {
  return {
    maxBodyBytes: capture.max_body_bytes,
    redactHeaders: new Set([...configDefaults.capture.redact_headers, ...capture.redact_headers.map((name) => name.toLowerCase())]),
    redactQuery: new FieldNames(capture.redact_query),
    bodyFields: capture.redact_body_fields.length > 0 ? new BodyFieldRedactor(capture.redact_body_fields) : undefined,
  };
}

/**
 * One exchange as a tap hands it over: the redacted metadata and the body chunks kept, by
 * reference (never joined), each side cut at the capture limit.
 */
export interface CapturedExchange {
  readonly meta: CaptureMeta;
  readonly requestChunks: readonly Buffer[];
  readonly responseChunks: readonly Buffer[];
}

/**
 * Where a finished capture goes (see `QueueCaptureSink`): resolves once it is durable. The
 * chunks must be written, or copied, before the returned promise settles.
 */
export type CaptureSink = (exchange: CapturedExchange) => Promise<unknown>;

/**
 * Records one exchange as it streams through: keeps body chunks by reference up to the capture
 * limit (never copying, never parsing on the hot path), then hands the redacted exchange to its
 * sink, which stores it in the queue's format.
 *
 * @example
 * ```ts
 * const tap = new CaptureTap(policy, sink.write, { route: 'users', method: 'GET', … });
 * tap.requestChunk(chunk); tap.responseStart(200, rawHeaders); tap.responseChunk(chunk);
 * await tap.commit(); // durable now: release the response's last byte
 * ```
 */
export class CaptureTap {
  readonly id: string = recordId();
  readonly #policy: CapturePolicy;
  readonly #sink: CaptureSink;
  readonly #request: CaptureRequest;
  readonly #startedAt = performance.now();
  readonly #timestamp = isoNow();
  readonly #requestBody = new BoundedChunks();
  readonly #responseBody = new BoundedChunks();
  #status = 0;
  #responseHeaders: readonly string[] = NO_HEADERS;

  constructor(policy: CapturePolicy, sink: CaptureSink, request: CaptureRequest) {
    this.#policy = policy;
    this.#sink = sink;
    this.#request = request;
  }

  requestChunk(chunk: Buffer): void {
    this.#requestBody.push(chunk, this.#policy.maxBodyBytes);
  }

  responseStart(status: number, rawHeaders: readonly string[]): void {
    this.#status = status;
    this.#responseHeaders = rawHeaders;
  }

  responseChunk(chunk: Buffer): void {
    this.#responseBody.push(chunk, this.#policy.maxBodyBytes);
  }

  /** The route the exchange went through. */
  get route(): string {
    return this.#request.route;
  }

  /** Hands the redacted exchange to the sink; resolves once it is durable. */
  commit(): Promise<unknown> {
    return this.#sink(this.#exchange());
  }

  /** The redacted exchange: metadata, request chunks, response chunks. */
  #exchange(): CapturedExchange {
    const policy = this.#policy;
    const request = this.#request;
    const requestHeaders = redactHeaderUrls(redactHeaders(request.rawHeaders, policy.redactHeaders), policy.redactQuery);
    const responseHeaders = redactHeaderUrls(redactHeaders(this.#responseHeaders, policy.redactHeaders), policy.redactQuery);
    let requestBody: StoredBody = this.#requestBody;
    let responseBody: StoredBody = this.#responseBody;
    if (policy.bodyFields !== undefined) {
      requestBody = redactStoredBody(this.#requestBody, requestHeaders, policy.bodyFields, policy.maxBodyBytes);
      responseBody = redactStoredBody(this.#responseBody, responseHeaders, policy.bodyFields, policy.maxBodyBytes);
    }
    const meta: CaptureMeta = {
      id: this.id,
      timestamp: this.#timestamp,
      duration_ms: Math.round((performance.now() - this.#startedAt) * 1000) / 1000,
      route: request.route,
      from: request.host,
      endpoint: request.path,
      method: request.method,
      query: redactPairs(request.query, policy.redactQuery),
      request_headers: requestHeaders,
      response_headers: responseHeaders,
      status: this.#status,
      body_truncated: requestBody.truncated,
      response_truncated: responseBody.truncated,
    };
    return { meta, requestChunks: requestBody.chunks, responseChunks: responseBody.chunks };
  }
}

const NO_HEADERS: readonly string[] = [];
const NO_CHUNKS: readonly Buffer[] = [];

let isoMs = 0;
let isoText = '';

/**
 * The wall clock as an ISO 8601 string, formatted once per millisecond: dozens of exchanges start
 * within the same millisecond under load, and formatting a date costs more than the rest of the
 * tap's setup.
 */
function isoNow(): string {
  const now = Date.now();
  if (now !== isoMs) {
    isoMs = now;
    isoText = new Date(now).toISOString();
  }
  return isoText;
}

/** The request side of an exchange as the client sent it. */
export interface CaptureRequest {
  readonly route: string;
  readonly method: string;
  /** Host header as sent (SPEC §1 `from`). */
  readonly host: string;
  readonly path: string;
  readonly query: string;
  readonly rawHeaders: readonly string[];
}

/**
 * Chunks kept by reference up to a byte limit; the first chunk over the limit is cut there. The
 * array is created with the first chunk (most GETs have no request body).
 */
class BoundedChunks {
  chunks: readonly Buffer[] = NO_CHUNKS;
  length = 0;
  truncated = false;

  push(chunk: Buffer, limit: number): void {
    if (this.length >= limit) {
      if (chunk.length > 0) this.truncated = true;
      return;
    }
    const room = limit - this.length;
    const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
    if (this.chunks === NO_CHUNKS) this.chunks = [kept];
    else (this.chunks as Buffer[]).push(kept);
    this.length += kept.length;
    if (kept !== chunk) this.truncated = true;
  }
}

interface StoredBody {
  readonly chunks: readonly Buffer[];
  readonly truncated: boolean;
}

/**
 * Body-field redaction is the one case that parses a body at capture time: the spec requires
 * redaction before anything is stored. A body that must be read to be redacted but cannot be
 * (JSON cut by the capture limit or malformed, multipart cut short; see `redactBody`) is not
 * stored at all: it is marked truncated instead, since a secret must never reach the queue.
 * A compressed body is decompressed (up to the capture limit) to be redacted; when something
 * was redacted, the record holds the decompressed body.
 */
function redactStoredBody(body: BoundedChunks, headers: readonly string[], fields: BodyFieldRedactor, maxBytes: number): StoredBody {
  if (body.length === 0) return body;
  const contentType = findHeader(headers, 'content-type');
  const contentEncoding = findHeader(headers, 'content-encoding');
  const encoded = contentEncoding !== undefined && contentEncoding.trim().toLowerCase() !== 'identity';
  if (!encoded && !mayHoldFields(contentType, body.chunks[0]!)) return body;
  const bytes = body.chunks.length === 1 ? body.chunks[0]! : Buffer.concat(body.chunks, body.length);
  if (encoded) {
    // A compressed body is as readable as a plain one to whoever holds the record: decompress
    // it to redact it. One that cannot be (cut, unknown coding, too large) is not stored.
    const decoded = body.truncated ? undefined : decodeContent(bytes, contentEncoding, maxBytes);
    if (decoded === undefined) return { chunks: [], truncated: true };
    const redacted = redactBody(decoded, contentType, false, fields);
    if (redacted === undefined) return { chunks: [], truncated: true };
    // Nothing matched: the compressed bytes hold no secret and stay as the API sent them.
    return redacted === decoded ? body : { chunks: [redacted], truncated: false };
  }
  const redacted = redactBody(bytes, contentType, body.truncated, fields);
  if (redacted === undefined) return { chunks: [], truncated: true };
  return redacted === bytes ? body : { chunks: [redacted], truncated: body.truncated };
}
