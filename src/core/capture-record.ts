import { decodeFrame, isFrame, type CaptureFrame } from './capture-frame.js';
import { MalformedMessageError } from './errors.js';
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
 * Renders a stored frame into the delivered record, as an object. The record's one
 * implementation is {@link renderRecordJson}, which the forwarder sends as it is; this parses
 * that text, for callers that inspect a record rather than deliver it.
 *
 * @example
 * ```ts
 * const record = renderRecord(decodeFrame(message.body));
 * record.status; // 201
 * ```
 */
export function renderRecord(frame: CaptureFrame): CaptureRecord {
  return JSON.parse(renderRecordJson(frame)) as CaptureRecord;
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
