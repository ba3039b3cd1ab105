import { bodyKind } from './body-kind.js';
import { decodeBodyText } from './body-text.js';
import type { CaptureFrame } from './capture-frame.js';
import { findHeader, headersToRecord } from './headers.js';
import { escapeNonXmlCharacters } from './json-escape.js';
import { parseQuery } from './query.js';

/**
 * Renders a stored frame straight into the JSON text of its record (SPEC §1), keys in the order
 * of the source design: the record's one implementation (`renderRecord` parses this text). It
 * is written as a string rather than built as an object tree and serialised: the forwarder
 * renders every record it delivers, and the tree (parsed bodies, header objects) was half the
 * cost of a delivery's own work and most of its garbage.
 *
 * A JSON body goes into the record as the text the API sent, once `JSON.parse` accepted it,
 * instead of being parsed and serialised again: the value is the same, and integers beyond
 * 2^53 keep their digits.
 *
 * The text holds only characters XML 1.0 allows (what SQS accepts in a message body): U+FFFE
 * and U+FFFF, which JSON lets through as they are, are written as `\ufffe` / `\uffff`, so the
 * record travels as text everywhere, never base64.
 *
 * @example
 * ```ts
 * const json = renderRecordJson(decodeFrame(message.body));
 * JSON.parse(json).status; // 201
 * ```
 */
export function renderRecordJson(frame: CaptureFrame): string {
  const { meta } = frame;
  return escapeNonXmlCharacters(
    `{"id":${JSON.stringify(meta.id)},"timestamp":${JSON.stringify(meta.timestamp)},"duration_ms":${JSON.stringify(meta.duration_ms)}` +
      `,"route":${JSON.stringify(meta.route)},"from":${JSON.stringify(meta.from)},"endpoint":${JSON.stringify(meta.endpoint)}` +
      `,"method":${JSON.stringify(meta.method)},"query":${meta.query === '' ? '{}' : JSON.stringify(parseQuery(meta.query))}` +
      `,${bodyMembers('body', frame.requestBody, findHeader(meta.request_headers, 'content-type'), meta.body_truncated)}` +
      `,"request_headers":${headersJson(meta.request_headers)}` +
      `,${bodyMembers('response', frame.responseBody, findHeader(meta.response_headers, 'content-type'), meta.response_truncated)}` +
      `,"response_headers":${headersJson(meta.response_headers)},"status":${JSON.stringify(meta.status)}}`,
  );
}

/** `"body":…` and, when they apply, `"body_encoding":"base64"` and `"body_truncated":true`. */
function bodyMembers(key: 'body' | 'response', bytes: Buffer, contentType: string | undefined, truncated: boolean): string {
  const flags = truncated ? `,"${key}_truncated":true` : '';
  if (bytes.length === 0) return `"${key}":null${flags}`;
  const kind = bodyKind(contentType);
  if (kind !== 'binary') {
    const text = decodeBodyText(bytes, truncated);
    if (text !== undefined) {
      if (kind === 'json' && isJson(text)) return `"${key}":${text}${flags}`;
      return `"${key}":${JSON.stringify(text)}${flags}`;
    }
  }
  return `"${key}":"${bytes.toString('base64')}","${key}_encoding":"base64"${flags}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    // Not JSON after all (or cut by the capture limit): the record keeps it as text.
    return false;
  }
}

/** The header object of the record: written pair by pair unless a name repeats (in any case). */
function headersJson(raw: readonly string[]): string {
  if (hasRepeatedName(raw)) return JSON.stringify(headersToRecord(raw));
  let json = '{';
  for (let i = 0; i < raw.length; i += 2) {
    json += `${i === 0 ? '' : ','}${JSON.stringify(raw[i])}:${JSON.stringify(raw[i + 1])}`;
  }
  return `${json}}`;
}

function hasRepeatedName(raw: readonly string[]): boolean {
  for (let i = 2; i < raw.length; i += 2) {
    const name = raw[i]!;
    for (let j = 0; j < i; j += 2) {
      // Lengths first: most pairs differ there, and lower-casing allocates.
      if (raw[j]!.length === name.length && raw[j]!.toLowerCase() === name.toLowerCase()) return true;
    }
  }
  return false;
}
