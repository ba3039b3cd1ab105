import { isUtf8 } from 'node:buffer';
import { REDACTED } from './headers.js';
import { multipartBoundary, rewriteMultipart } from './multipart.js';
import { redactPairs, type BodyFieldRedactor } from './redact.js';

const REDACTED_BYTES = Buffer.from(REDACTED, 'utf8');
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Multipart bodies nest (a `multipart/mixed` part inside a form); deeper ones are not read. */
const MAX_MULTIPART_DEPTH = 4;

/** JSON text sequences: one JSON value per line (RFC 7464 puts an RS before each). */
/** The record separator that opens each text of an `application/json-seq` body. */
const RS = '\u001e';
const JSON_LINES = new Set([
  'application/x-ndjson',
  'application/ndjson',
  'application/jsonl',
  'application/x-jsonlines',
  'application/jsonlines',
  'application/json-seq',
]);

/**
 * Redacts the configured fields in a captured body, whatever its declared Content-Type:
 *
 * - **JSON**: a body declared `application/json` or `*+json`, and any other body (`text/plain`,
 *   `application/octet-stream`, no Content-Type, …) whose first character after white space and
 *   a byte-order mark is `{` or `[` and that is UTF-8. JSON lines (`application/x-ndjson`, …)
 *   line by line. Redacted fields become `"[REDACTED]"` and the document is serialised again.
 * - **Forms** (`application/x-www-form-urlencoded`): the named fields' values become
 *   `%5BREDACTED%5D`; every other byte stays as it was (see `redactPairs`).
 * - **Multipart** (`multipart/form-data` and other `multipart/*`): a part whose `name` matches has
 *   its content (text or file) replaced by `[REDACTED]`, its headers and the boundaries kept;
 *   every other part's content goes through these same rules by its own Content-Type, so a JSON
 *   part is redacted field by field.
 *
 * Fail closed: a body that must be read to be redacted but cannot be — JSON that does not parse
 * (malformed, or cut by the capture limit), multipart without a boundary or cut short — returns
 * undefined, and the caller stores none of it. A body of another type that does not look like
 * JSON (binary, HTML, plain text) is returned as it is.
 *
 * @returns the body to store: the same buffer when nothing matched, a new one when something
 *   was redacted, undefined when none of it may be stored.
 *
 * @example
 * ```ts
 * const fields = new BodyFieldRedactor(['password']);
 * redactBody(Buffer.from('user=neo&Password=x'), 'application/x-www-form-urlencoded', false, fields)!.toString();
 * // 'user=neo&Password=%5BREDACTED%5D'
 * redactBody(Buffer.from('{"password":"x"}'), undefined, false, fields)!.toString(); // '{"password":"[REDACTED]"}'
 * ```
 */
export function redactBody(body: Buffer, contentType: string | undefined, truncated: boolean, fields: BodyFieldRedactor): Buffer | undefined {
  return redactAt(body, contentType, truncated, fields, 0);
}

function redactAt(body: Buffer, contentType: string | undefined, truncated: boolean, fields: BodyFieldRedactor, depth: number): Buffer | undefined {
  if (body.length === 0 || fields.empty) return body;
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'application/x-www-form-urlencoded') {
    // JSON mislabelled as a form is still JSON to a server that sniffs it.
    const json = looksLikeJson(body) && !truncated ? redactJson(body, fields) : undefined;
    if (json !== undefined) return json;
    // Every byte string is a form: nothing to fail on, and a cut body still names the fields
    // it holds. latin1 maps bytes to characters one to one, so untouched bytes stay identical.
    const text = body.toString('latin1');
    const redacted = redactPairs(text, fields.names);
    return redacted === text ? body : Buffer.from(redacted, 'latin1');
  }
  if (mediaType.startsWith('multipart/')) {
    const boundary = contentType === undefined ? undefined : multipartBoundary(contentType);
    if (truncated || boundary === undefined || depth >= MAX_MULTIPART_DEPTH) return undefined;
    return rewriteMultipart(body, boundary, (part) => {
      if (part.name !== undefined && fields.names.matchesName(part.name)) return REDACTED_BYTES;
      const inner = redactAt(part.content, part.contentType, false, fields, depth + 1);
      // A part that cannot be read is withheld on its own; the rest of the form is kept.
      if (inner === undefined) return REDACTED_BYTES;
      return inner === part.content ? undefined : inner;
    });
  }
  if (JSON_LINES.has(mediaType)) return truncated ? undefined : redactJsonLines(body, fields);
  const declaredJson = mediaType === 'application/json' || mediaType.endsWith('+json');
  if (!declaredJson && !looksLikeJson(body)) return body;
  if (!declaredJson && !isUtf8(body)) {
    // Not UTF-8, so not JSON a server would read (RFC 8259 §8.1): binary that starts with `{`.
    return body;
  }
  return truncated ? undefined : redactJson(body, fields);
}

/** A JSON document with its fields redacted, or undefined when it is not UTF-8 JSON. */
function redactJson(body: Buffer, fields: BodyFieldRedactor): Buffer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(strictUtf8.decode(body));
  } catch {
    return undefined;
  }
  return fields.redact(value) ? Buffer.from(JSON.stringify(value), 'utf8') : body;
}

function redactJsonLines(body: Buffer, fields: BodyFieldRedactor): Buffer | undefined {
  let changed = false;
  const lines = body.toString('utf8').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!.startsWith(RS) ? lines[i]!.slice(1) : lines[i]!;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return undefined;
    }
    if (!fields.redact(value)) continue;
    lines[i] = `${lines[i]!.startsWith(RS) ? RS : ''}${JSON.stringify(value)}`;
    changed = true;
  }
  return changed ? Buffer.from(lines.join('\n'), 'utf8') : body;
}

/**
 * Whether {@link redactBody} would read a body that starts with `head` (its first chunk): lets
 * a caller holding a large binary body in chunks skip joining them.
 *
 * @example
 * ```ts
 * mayHoldFields('image/png', firstChunk); // false unless the bytes open a JSON document
 * ```
 */
export function mayHoldFields(contentType: string | undefined, head: Buffer): boolean {
  const mediaType = mediaTypeOf(contentType);
  if (mediaType === 'application/x-www-form-urlencoded' || mediaType.startsWith('multipart/') || JSON_LINES.has(mediaType)) return true;
  return mediaType === 'application/json' || mediaType.endsWith('+json') || looksLikeJson(head, true);
}

function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  const semicolon = contentType.indexOf(';');
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * The first byte after white space (and a UTF-8 byte-order mark) opens an object or array.
 * `partial`: the bytes are only the start of the body, so white space up to their end may
 * still be followed by JSON.
 */
function looksLikeJson(body: Buffer, partial = false): boolean {
  let i = body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf ? 3 : 0;
  while (i < body.length && (body[i] === 0x20 || body[i] === 0x09 || body[i] === 0x0a || body[i] === 0x0d)) i += 1;
  if (i >= body.length) return partial;
  return body[i] === 0x7b || body[i] === 0x5b;
}
