import { decodeContent } from '../core/content-decoding.js';
import { REDACTED } from '../core/headers.js';

/** The header that names the record a replayed request comes from. */
export const REPLAY_HEADER = 'Sluice-Replay';

/**
 * Headers not sent again: hop-by-hop ones (RFC 9110 §7.6.1) describe the original connection;
 * `Host` and `Content-Length` are the new request's own (undici sets them); `Expect` would wait
 * for a `100 Continue` nobody needs (undici refuses it). A recorded `Sluice-Replay` is replaced.
 */
const NOT_SENT = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'content-length',
  'expect',
  REPLAY_HEADER.toLowerCase(),
]);

/** The form a redacted value takes in a form-urlencoded body or a query (`%5BREDACTED%5D`). */
const REDACTED_ENCODED = encodeURIComponent(REDACTED);

/** A request rebuilt from a capture record, ready for undici. */
export interface ReplayRequest {
  readonly method: string;
  readonly url: URL;
  /** Flat `[name, value, …]`: the recorded case and repetitions kept. */
  readonly headers: readonly string[];
  readonly body?: Buffer;
  /** Some recorded value was redacted at capture and is sent as `[REDACTED]`. */
  readonly redacted: boolean;
  /** The recorded body was cut at the capture limit. */
  readonly truncated: boolean;
}

/**
 * Rebuilds the request a capture record (SPEC §1) describes, aimed at `to`: the method, the
 * record's path and query appended to `to`'s path, the recorded headers but those in
 * {@link NOT_SENT} plus `Sluice-Replay: <id>`, and the body in its recorded encoding (a JSON
 * value serialised, text as UTF-8, base64 decoded). A `Content-Encoding` is kept only when the
 * body still decodes with it: the capture stores a compressed body decompressed when it had to
 * redact it.
 *
 * @example
 * ```ts
 * const request = rebuildRequest(entry.record, new URL('http://127.0.0.1:3000'), entry.id);
 * await undici.request(request.url, { method: request.method, headers: [...request.headers], body: request.body });
 * ```
 */
export function rebuildRequest(record: Readonly<Record<string, unknown>>, to: URL, id: string): ReplayRequest {
  const method = typeof record.method === 'string' && record.method !== '' ? record.method.toUpperCase() : 'GET';
  const url = targetUrl(to, typeof record.endpoint === 'string' ? record.endpoint : '/', record.query);
  const body = requestBody(record.body, record.body_encoding);
  const recorded = headerPairs(record.request_headers);
  const connectionNamed = new Set(
    recorded.filter(([name]) => name.toLowerCase() === 'connection').flatMap(([, value]) => value.split(',').map((token) => token.trim().toLowerCase())),
  );
  const headers: string[] = [];
  for (const [name, value] of recorded) {
    const lower = name.toLowerCase();
    if (NOT_SENT.has(lower) || connectionNamed.has(lower)) continue;
    if (lower === 'content-encoding' && (body === undefined || decodeContent(body, value, body.length * 1024 + 1024) === undefined)) continue;
    headers.push(name, value);
  }
  headers.push(REPLAY_HEADER, id);
  return {
    method,
    url,
    headers,
    ...(body !== undefined && { body }),
    redacted: holdsRedacted(record.request_headers) || holdsRedacted(record.query) || holdsRedacted(record.body),
    truncated: record.body_truncated === true,
  };
}

/** `to` with the record's path appended to its own (a replay target may live under a prefix). */
function targetUrl(to: URL, endpoint: string, query: unknown): URL {
  const url = new URL(to.href);
  const base = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  url.pathname = `${base}${endpoint.startsWith('/') ? endpoint : `/${endpoint}`}`;
  const params = new URLSearchParams();
  if (typeof query === 'object' && query !== null) {
    for (const [name, value] of Object.entries(query)) {
      for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
    }
  }
  url.search = params.size === 0 ? '' : params.toString();
  url.hash = '';
  return url;
}

function requestBody(body: unknown, encoding: unknown): Buffer | undefined {
  if (body === null || body === undefined) return undefined;
  if (encoding === 'base64' && typeof body === 'string') return Buffer.from(body, 'base64');
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

function headerPairs(headers: unknown): [string, string][] {
  if (typeof headers !== 'object' || headers === null) return [];
  const pairs: [string, string][] = [];
  for (const [name, value] of Object.entries(headers)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      if (typeof one === 'string') pairs.push([name, one]);
    }
  }
  return pairs;
}

/** Whether a recorded value holds a redaction marker anywhere (also URL-encoded, as in forms). */
function holdsRedacted(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.includes(REDACTED) || text.includes(REDACTED_ENCODED);
}
