import { bodyKind } from './body-kind.js';
import { decodeBodyText } from './body-text.js';
import { decodeFrame, isFrame, type CaptureFrame } from './capture-frame.js';
import { MalformedMessageError } from './errors.js';
import { findHeader, headersToRecord } from './headers.js';
import { parseQuery } from './query.js';
import { renderRecordJson } from './record-json.js';

export { parseQuery } from './query.js';

type HeaderRecord = Record<string, string | string[]>;

/**
 * The record a destination receives (SPEC §1): the source design's keys, plus additive fields.
 */
export interface CaptureRecord {
  id: string;
  timestamp: string;
  duration_ms: number;
  route: string;
  from: string;
  endpoint: string;
  method: string;
  query: Record<string, string | string[]>;
  body: unknown;
  body_encoding?: 'base64';
  body_truncated?: true;
  request_headers: HeaderRecord;
  response: unknown;
  response_encoding?: 'base64';
  response_truncated?: true;
  response_headers: HeaderRecord;
  status: number;
}

/**
 * Renders a stored frame into the delivered record.
 *
 * @example
 * ```ts
 * const record = renderRecord(decodeFrame(message.body));
 * JSON.stringify(record); // what the destination receives
 * ```
 */
export function renderRecord(frame: CaptureFrame): CaptureRecord {
  const { meta } = frame;
  const request = renderBody(frame.requestBody, findHeader(meta.request_headers, 'content-type'), meta.body_truncated);
  const response = renderBody(frame.responseBody, findHeader(meta.response_headers, 'content-type'), meta.response_truncated);
  // Key order follows the source design, so a human reading the JSON finds what they expect.
  const record: CaptureRecord = {
    id: meta.id,
    timestamp: meta.timestamp,
    duration_ms: meta.duration_ms,
    route: meta.route,
    from: meta.from,
    endpoint: meta.endpoint,
    method: meta.method,
    query: parseQuery(meta.query),
    body: request.value,
    ...(request.base64 && { body_encoding: 'base64' as const }),
    ...(meta.body_truncated && { body_truncated: true as const }),
    request_headers: headersToRecord(meta.request_headers),
    response: response.value,
    ...(response.base64 && { response_encoding: 'base64' as const }),
    ...(meta.response_truncated && { response_truncated: true as const }),
    response_headers: headersToRecord(meta.response_headers),
    status: meta.status,
  };
  return record;
}

/** A queued payload ready to POST: its id (the idempotency key) and the record's JSON. */
export interface Deliverable {
  readonly id: string;
  readonly json: string;
}

/**
 * Turns any queued payload into what the forwarder POSTs: a binary frame (embedded gateway) is
 * rendered; a JSON record (SQS, other producers) is passed through as it is.
 *
 * @throws MalformedMessageError when the payload is neither.
 */
export function toDeliverable(payload: Uint8Array): Deliverable {
  if (isFrame(payload)) {
    const frame = decodeFrame(payload);
    return { id: frame.meta.id, json: renderRecordJson(frame) };
  }
  const json = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (cause) {
    throw new MalformedMessageError('queued payload is neither a capture frame nor JSON', { cause });
  }
  const id = (parsed as { id?: unknown } | null)?.id;
  if (typeof id !== 'string' || id === '') {
    throw new MalformedMessageError('queued JSON record has no string "id"');
  }
  return { id, json };
}

interface RenderedBody {
  readonly value: unknown;
  readonly base64: boolean;
}

const EMPTY: RenderedBody = { value: null, base64: false };

function renderBody(bytes: Buffer, contentType: string | undefined, truncated: boolean): RenderedBody {
  if (bytes.length === 0) return EMPTY;
  const kind = bodyKind(contentType);
  if (kind !== 'binary') {
    const text = decodeBodyText(bytes, truncated);
    if (text !== undefined) {
      if (kind === 'json') {
        try {
          return { value: JSON.parse(text), base64: false };
        } catch {
          // Not JSON after all (or cut by the capture limit): keep it as the text it is.
        }
      }
      return { value: text, base64: false };
    }
  }
  return { value: bytes.toString('base64'), base64: true };
}
