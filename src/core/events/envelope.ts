/**
 * The JSON envelope of the Caddy `awslambda` plugin, so functions written for it run unchanged:
 * request `{"type":"HTTPJSON-REQ","meta":{method,path,query,host,proto,headers},"body":"…"}`,
 * reply `{"type":"HTTPJSON-REP","meta":{"status":200,"headers":{…}},"body":"…","bodyEncoding":""}`.
 * A reply that is not such an envelope is returned as it is: 200 `application/json`.
 */
import { isUtf8 } from 'node:buffer';
import { decodeBase64 } from './binary.js';
import { addHeader, hasHeader, isObject, parsePayload, withLength, type Json } from './result-parts.js';
import { accepted, rejected, type EventFormat, type LambdaHttpRequest, type ParsedResult } from './types.js';

/** The request envelope a function receives. */
export interface EnvelopeRequest {
  readonly type: 'HTTPJSON-REQ';
  readonly meta: {
    readonly method: string;
    readonly path: string;
    readonly query: string;
    /** As the client sent it, port included. */
    readonly host: string;
    readonly proto: string;
    /** Lower-case names, every value in order. */
    readonly headers: Record<string, string[]>;
  };
  readonly body: string;
  /**
   * Present (`"base64"`) only when the body is not valid UTF-8, which the plugin could not carry;
   * text bodies are sent exactly as the plugin sends them.
   */
  readonly bodyEncoding?: 'base64';
}

/**
 * Builds the request envelope. Headers are the client's, with lower-case names (the plugin adds
 * none of its own).
 *
 * @example
 * ```ts
 * createEnvelopeRequest(request).meta.headers['content-type']; // ['text/plain']
 * ```
 */
export function createEnvelopeRequest(request: LambdaHttpRequest): EnvelopeRequest {
  const headers: Record<string, string[]> = {};
  let host = '';
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    const value = raw[i + 1]!;
    if (name === 'host') {
      // Go's net/http moves Host out of the header map into Request.Host.
      host ||= value;
      continue;
    }
    (headers[name] ??= []).push(value);
  }
  const text = isUtf8(request.body);
  return {
    type: 'HTTPJSON-REQ',
    meta: { method: request.method, path: request.path, query: request.query, host, proto: request.protocol, headers },
    body: text ? request.body.toString('utf8') : request.body.toString('base64'),
    ...(!text && { bodyEncoding: 'base64' as const }),
  };
}

/**
 * Reads a reply. An object with `"type": "HTTPJSON-REP"` whose fields have the plugin's types
 * is an envelope: `meta.status` (200 when absent or not positive), `meta.headers` (arrays of
 * strings), `body`, `bodyEncoding` (`""` or `"base64"`); without a Content-Type it is
 * `application/json`. Anything else is sent raw with 200 `application/json`, as the plugin does.
 *
 * @example
 * ```ts
 * parseEnvelopeReply('{"type":"HTTPJSON-REP","meta":{"status":302,"headers":{"Location":["/x"]}},"body":""}');
 * ```
 */
export function parseEnvelopeReply(payload: string): ParsedResult {
  const raw = (): ParsedResult => accepted(withLength(200, ['Content-Type', 'application/json'], Buffer.from(payload, 'utf8')));
  const parsed = payload.charCodeAt(0) === 0x7b /* "{" */ ? parsePayload(payload) : undefined;
  const reply = parsed?.value;
  if (!isObject(reply) || reply.type !== 'HTTPJSON-REP' || !fitsReplyTypes(reply)) return raw();
  const meta = isObject(reply.meta) ? reply.meta : undefined;
  const status = typeof meta?.status === 'number' && meta.status > 0 ? meta.status : 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) return rejected(`meta.status must be an integer from 200 to 599, got ${status}`);
  const rawHeaders: string[] = [];
  const headers = meta === undefined ? { 'content-type': ['application/json'] } : isObject(meta.headers) ? meta.headers : {};
  for (const [name, values] of Object.entries(headers)) {
    for (const value of (values ?? []) as string[]) {
      const problem = addHeader(rawHeaders, name, value);
      if (problem) return rejected(problem);
    }
  }
  if (!hasHeader(rawHeaders, 'content-type')) rawHeaders.push('Content-Type', 'application/json');
  const text = typeof reply.body === 'string' ? reply.body : '';
  let body: Buffer;
  if (reply.bodyEncoding === 'base64' && text !== '') {
    const decoded = decodeBase64(text);
    if (decoded === undefined) return rejected('bodyEncoding is "base64" but the body is not base64');
    body = decoded;
  } else {
    body = Buffer.from(text, 'utf8');
  }
  return accepted(withLength(status, rawHeaders, body));
}

/**
 * The plugin unmarshals replies into a typed Go struct; one that does not fit (a header value
 * that is not an array of strings, a status that is not a number) fails to unmarshal and the
 * plugin falls back to returning the payload raw. Same here.
 */
function fitsReplyTypes(reply: Record<string, Json>): boolean {
  const optionalString = (value: Json | undefined): boolean => value === undefined || value === null || typeof value === 'string';
  if (!optionalString(reply.body) || !optionalString(reply.bodyEncoding)) return false;
  const meta = reply.meta;
  if (meta === undefined || meta === null) return true;
  if (!isObject(meta)) return false;
  if (meta.status !== undefined && meta.status !== null && (typeof meta.status !== 'number' || !Number.isInteger(meta.status))) return false;
  if (meta.headers === undefined || meta.headers === null) return true;
  if (!isObject(meta.headers)) return false;
  return Object.values(meta.headers).every((values) => values === null || (Array.isArray(values) && values.every((value) => typeof value === 'string')));
}

/** The `envelope` format. */
export const envelope: EventFormat = {
  name: 'envelope',
  createEvent: createEnvelopeRequest,
  createPayload: (request) => JSON.stringify(createEnvelopeRequest(request)),
  parseResult: parseEnvelopeReply,
};
