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
 * `knownId` is the id the queue already carries beside the payload (the message's id, or the
 * `SluiceMessageId` attribute on SQS). A record Sluice rendered starts with its id, so when the
 * text starts with exactly that id (`{"id":"<knownId>",`) and ends the object, the record is
 * passed on without being parsed: a parse of every record only to read an id the queue already
 * had cost more than the rest of the hand-over. Any other payload is parsed, as without `knownId`.
 *
 * @example
 * ```ts
 * const { id, json } = toDeliverable(message.body, message.id);
 * await client.post({ id, json });
 * ```
 *
 * @throws MalformedMessageError when the payload is neither.
 */
export function toDeliverable(payload: Uint8Array, knownId?: string): Deliverable {
  if (isFrame(payload)) {
    const frame = decodeFrame(payload);
    return { id: frame.meta.id, json: renderRecordJson(frame) };
  }
  const json = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  if (knownId !== undefined && knownId !== '' && startsWithId(json, knownId)) return { id: knownId, json };
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

/**
 * Whether `json` is an object whose first member is `"id"` with exactly the value `id`, as
 * `renderRecordJson` writes it. The id is compared in its JSON form (`JSON.stringify`), closing
 * quote and comma included, so an id that is a prefix of another never matches, and an id
 * holding `"` or `\` matches only its own escaped form. The closing `}` keeps a payload cut
 * short (which a parse would refuse) off this path.
 */
function startsWithId(json: string, id: string): boolean {
  const head = `{"id":${JSON.stringify(id)},`;
  return json.startsWith(head) && json.charCodeAt(json.length - 1) === 0x7d;
}
