import { bodyKind } from '../core/body-kind.js';
import { decodeContent } from '../core/content-decoding.js';

/** A new response, as the replay read it. */
export interface ReplayedResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
}

/** How a new response differs from the recorded one. */
export interface ResponseDiff {
  readonly statusChanged: boolean;
  readonly bodyChanged: boolean;
  /** Both bodies as text (base64 for binary ones), when the body changed. */
  readonly recordedBody?: string;
  readonly body?: string;
}

/** The most of a body a diff keeps as text: enough to see the difference, not a whole download. */
export const DIFF_TEXT_LIMIT = 64 * 1024;

/**
 * Compares a new response with the one a capture record (SPEC §1) holds. Bodies are compared in
 * the record's own terms: as JSON values when the recorded response was JSON (so spacing and the
 * order of keys do not count), as text for textual types, as bytes otherwise; a
 * `Content-Encoding` is undone on both sides first. A recorded body cut at the capture limit is
 * compared with as much of the new one.
 *
 * @example
 * ```ts
 * const diff = diffResponse(entry.record, { status: 200, headers: {}, body: Buffer.from('{"id":1}') });
 * diff.statusChanged; // true when the record says 201
 * ```
 */
export function diffResponse(record: Readonly<Record<string, unknown>>, response: ReplayedResponse): ResponseDiff {
  const recordedStatus = typeof record.status === 'number' ? record.status : null;
  const statusChanged = recordedStatus !== response.status;
  const recordedHeaders = lowerCaseHeaders(record.response_headers);
  const truncated = record.response_truncated === true;
  const recordedBytes = decoded(recordedBodyBytes(record.response, record.response_encoding), recordedHeaders['content-encoding']);
  const newHeaders = lowerCaseHeaders(response.headers);
  const newBytes = decoded(response.body, newHeaders['content-encoding']);
  const json = !truncated && record.response_encoding !== 'base64' && bodyKind(recordedHeaders['content-type']) === 'json';
  const bodyChanged = json ? !sameJson(record.response, newBytes) : !(truncated ? newBytes.subarray(0, recordedBytes.length) : newBytes).equals(recordedBytes);
  if (!bodyChanged) return { statusChanged, bodyChanged };
  // Shown as base64 when the record held it so, or the new response says it is binary.
  const newType = newHeaders['content-type'];
  const binary = record.response_encoding === 'base64' || (newType !== undefined && bodyKind(newType) === 'binary');
  return { statusChanged, bodyChanged, recordedBody: asText(recordedBytes, binary), body: asText(newBytes, binary) };
}

function recordedBodyBytes(body: unknown, encoding: unknown): Buffer {
  if (body === null || body === undefined) return Buffer.alloc(0);
  if (encoding === 'base64' && typeof body === 'string') return Buffer.from(body, 'base64');
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}

/** The bytes with their content coding undone, or as they are when they do not decode. */
function decoded(bytes: Buffer, contentEncoding: string | undefined): Buffer {
  if (contentEncoding === undefined || bytes.length === 0) return bytes;
  return decodeContent(bytes, contentEncoding, 64 * 1024 * 1024) ?? bytes;
}

function sameJson(recorded: unknown, bytes: Buffer): boolean {
  if (bytes.length === 0) return recorded === null || recorded === undefined;
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    return false;
  }
  return canonical(value) === canonical(recorded ?? null);
}

/** JSON text with object keys sorted: two values are equal when their canonical texts are. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return out;
  for (const [name, value] of Object.entries(headers)) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') out[name.toLowerCase()] ??= first;
  }
  return out;
}

function asText(bytes: Buffer, binary: boolean): string {
  const kept = bytes.subarray(0, DIFF_TEXT_LIMIT);
  const text = binary ? kept.toString('base64') : kept.toString('utf8');
  return bytes.length > DIFF_TEXT_LIMIT ? `${text}…` : text;
}
