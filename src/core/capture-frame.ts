import { MalformedMessageError } from './errors.js';

/**
 * What the gateway stores for one exchange: small metadata plus the raw body bytes. Bodies are
 * rendered into the record (SPEC §1) only when it is delivered, which keeps JSON parsing and
 * base64 off the request's hot path. Everything here is already redacted.
 */
export interface CaptureMeta {
  readonly id: string;
  readonly timestamp: string;
  readonly duration_ms: number;
  readonly route: string;
  readonly from: string;
  readonly endpoint: string;
  readonly method: string;
  /** The raw query string, without `?`. */
  readonly query: string;
  /** Flat raw list `[name, value, …]` in the client's case and order. */
  readonly request_headers: readonly string[];
  readonly response_headers: readonly string[];
  readonly status: number;
  readonly body_truncated: boolean;
  readonly response_truncated: boolean;
}

export interface CaptureFrame {
  readonly meta: CaptureMeta;
  readonly requestBody: Buffer;
  readonly responseBody: Buffer;
}

/** Marks a binary frame as written now; a queued JSON record starts with `{` instead. */
export const FRAME_MAGIC = Buffer.from('SLC2', 'latin1');
/** The first frame version, whose metadata is JSON: still read, written only as a fallback. */
const LEGACY_MAGIC = Buffer.from('SLC1', 'latin1');

/** Bodies up to this total are copied into the frame's one buffer; larger ones are passed by reference. */
const INLINE_BODY_BYTES = 64 * 1024;

/** Metadata fixed part: flags (1), status (4), duration_ms (8), request and response header counts (4 + 4). */
const META_FIXED_BYTES = 21;
/** id, timestamp, route, from, endpoint, method, query: the strings before the headers. */
const META_STRINGS = 7;
const BODY_TRUNCATED = 1;
const RESPONSE_TRUNCATED = 2;

/**
 * Serialises a frame into one buffer. See {@link encodeFrameParts} for the layout; this copies
 * the bodies once, straight into the frame.
 *
 * @example
 * ```ts
 * const bytes = encodeFrame(meta, [Buffer.from('{"a":1}')], []);
 * decodeFrame(bytes).meta.id === meta.id; // true
 * ```
 */
export function encodeFrame(meta: CaptureMeta, requestChunks: readonly Buffer[], responseChunks: readonly Buffer[]): Buffer {
  const parts = encodeFrameParts(meta, requestChunks, responseChunks);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

/**
 * Serialises a frame as the parts to write one after the other: `SLC2`, then three
 * length-prefixed sections (metadata, request body, response body). Small bodies are copied
 * into a single buffer; large ones (over 64 KiB together) are returned as the caller's chunks,
 * by reference, between the frame's own small parts, so a 256 KB capture reaches its file
 * without ever being joined in memory. The chunks must not change until the parts are written.
 *
 * The metadata is binary rather than JSON (string escaping cost more than everything else in
 * the encoding): fixed fields, the length of each string in UTF-16 code units, then all strings
 * concatenated as UTF-8. A string that is not well-formed UTF-16 (a lone surrogate, which UTF-8
 * cannot carry) makes the frame fall back to the JSON metadata of `SLC1`.
 *
 * @example
 * ```ts
 * const parts = encodeFrameParts(meta, [], [hugeChunk1, hugeChunk2]); // [head, hugeChunk1, hugeChunk2]
 * Buffer.concat(parts).equals(encodeFrame(meta, [], [hugeChunk1, hugeChunk2])); // true
 * ```
 */
export function encodeFrameParts(meta: CaptureMeta, requestChunks: readonly Buffer[], responseChunks: readonly Buffer[]): Buffer[] {
  const requestLength = totalLength(requestChunks);
  const responseLength = totalLength(responseChunks);
  const requestHeaders = meta.request_headers;
  const responseHeaders = meta.response_headers;
  let text = meta.id + meta.timestamp + meta.route + meta.from + meta.endpoint + meta.method + meta.query;
  for (let i = 0; i < requestHeaders.length; i += 1) text += requestHeaders[i]!;
  for (let i = 0; i < responseHeaders.length; i += 1) text += responseHeaders[i]!;
  if (!isWellFormed(text)) return [encodeLegacyFrame(meta, requestChunks, responseChunks)];

  const textBytes = Buffer.byteLength(text, 'utf8');
  const metaLength = META_FIXED_BYTES + 4 * (META_STRINGS + requestHeaders.length + responseHeaders.length) + textBytes;
  // Magic, meta length, meta, request length: everything before the request body.
  const headLength = 8 + metaLength + 4;
  const inline = requestLength + responseLength <= INLINE_BODY_BYTES;
  const frame = Buffer.allocUnsafe(inline ? headLength + requestLength + 4 + responseLength : headLength + 4);
  let offset = FRAME_MAGIC.copy(frame, 0);
  offset = frame.writeUInt32BE(metaLength, offset);
  offset = frame.writeUInt8((meta.body_truncated ? BODY_TRUNCATED : 0) | (meta.response_truncated ? RESPONSE_TRUNCATED : 0), offset);
  offset = frame.writeUInt32BE(meta.status, offset);
  offset = frame.writeDoubleBE(meta.duration_ms, offset);
  offset = frame.writeUInt32BE(requestHeaders.length, offset);
  offset = frame.writeUInt32BE(responseHeaders.length, offset);
  offset = frame.writeUInt32BE(meta.id.length, offset);
  offset = frame.writeUInt32BE(meta.timestamp.length, offset);
  offset = frame.writeUInt32BE(meta.route.length, offset);
  offset = frame.writeUInt32BE(meta.from.length, offset);
  offset = frame.writeUInt32BE(meta.endpoint.length, offset);
  offset = frame.writeUInt32BE(meta.method.length, offset);
  offset = frame.writeUInt32BE(meta.query.length, offset);
  for (let i = 0; i < requestHeaders.length; i += 1) offset = frame.writeUInt32BE(requestHeaders[i]!.length, offset);
  for (let i = 0; i < responseHeaders.length; i += 1) offset = frame.writeUInt32BE(responseHeaders[i]!.length, offset);
  offset += (frame as unknown as Utf8Writable).utf8Write(text, offset, textBytes);
  offset = frame.writeUInt32BE(requestLength, offset);
  if (inline) {
    for (const chunk of requestChunks) offset += chunk.copy(frame, offset);
    offset = frame.writeUInt32BE(responseLength, offset);
    for (const chunk of responseChunks) offset += chunk.copy(frame, offset);
    return [frame];
  }
  frame.writeUInt32BE(responseLength, headLength);
  if (requestLength === 0) return [frame, ...responseChunks];
  return [frame.subarray(0, headLength), ...requestChunks, frame.subarray(headLength), ...responseChunks];
}

/** True when the bytes start with a frame marker (either version). */
export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length >= FRAME_MAGIC.length && versionOf(bytes) !== undefined;
}

function versionOf(bytes: Uint8Array): 1 | 2 | undefined {
  // 'S', 'L', 'C', then the version digit.
  if (bytes[0] !== 0x53 || bytes[1] !== 0x4c || bytes[2] !== 0x43) return undefined;
  return bytes[3] === 0x32 ? 2 : bytes[3] === 0x31 ? 1 : undefined;
}

/**
 * Reads a frame written by {@link encodeFrame} (or by an earlier version). Bodies are views into
 * `bytes`, not copies.
 *
 * @throws MalformedMessageError when the bytes are not a complete frame.
 */
export function decodeFrame(bytes: Uint8Array): CaptureFrame {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = buffer.length >= FRAME_MAGIC.length ? versionOf(buffer) : undefined;
  if (version === undefined) throw new MalformedMessageError('not a capture frame');
  let offset = FRAME_MAGIC.length;
  const part = (): Buffer => {
    if (offset + 4 > buffer.length) throw new MalformedMessageError('truncated capture frame');
    const length = buffer.readUInt32BE(offset);
    const start = offset + 4;
    offset = start + length;
    if (offset > buffer.length) throw new MalformedMessageError('truncated capture frame');
    return buffer.subarray(start, offset);
  };
  const metaBytes = part();
  const requestBody = part();
  const responseBody = part();
  const meta = version === 2 ? decodeMeta(metaBytes) : decodeLegacyMeta(metaBytes);
  return { meta, requestBody, responseBody };
}

function decodeMeta(bytes: Buffer): CaptureMeta {
  const malformed = (): MalformedMessageError => new MalformedMessageError('capture frame metadata is malformed');
  if (bytes.length < META_FIXED_BYTES) throw malformed();
  const flags = bytes.readUInt8(0);
  const status = bytes.readUInt32BE(1);
  const duration = bytes.readDoubleBE(5);
  const requestCount = bytes.readUInt32BE(13);
  const responseCount = bytes.readUInt32BE(17);
  const count = META_STRINGS + requestCount + responseCount;
  const textStart = META_FIXED_BYTES + 4 * count;
  if (textStart > bytes.length) throw malformed();
  const text = bytes.toString('utf8', textStart);
  const strings = new Array<string>(count);
  let at = 0;
  for (let i = 0; i < count; i += 1) {
    const length = bytes.readUInt32BE(META_FIXED_BYTES + 4 * i);
    if (at + length > text.length) throw malformed();
    strings[i] = text.slice(at, at + length);
    at += length;
  }
  if (at !== text.length) throw malformed();
  return {
    id: strings[0]!,
    timestamp: strings[1]!,
    duration_ms: duration,
    route: strings[2]!,
    from: strings[3]!,
    endpoint: strings[4]!,
    method: strings[5]!,
    query: strings[6]!,
    request_headers: strings.slice(META_STRINGS, META_STRINGS + requestCount),
    response_headers: strings.slice(META_STRINGS + requestCount),
    status,
    body_truncated: (flags & BODY_TRUNCATED) !== 0,
    response_truncated: (flags & RESPONSE_TRUNCATED) !== 0,
  };
}

function decodeLegacyMeta(bytes: Buffer): CaptureMeta {
  try {
    return JSON.parse(bytes.toString('utf8')) as CaptureMeta;
  } catch (cause) {
    throw new MalformedMessageError('capture frame metadata is not JSON', { cause });
  }
}

/** `SLC1`: JSON metadata, for the strings UTF-8 cannot carry as they are. */
function encodeLegacyFrame(meta: CaptureMeta, requestChunks: readonly Buffer[], responseChunks: readonly Buffer[]): Buffer {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const requestLength = totalLength(requestChunks);
  const responseLength = totalLength(responseChunks);
  const frame = Buffer.allocUnsafe(LEGACY_MAGIC.length + 12 + metaBytes.length + requestLength + responseLength);
  let offset = LEGACY_MAGIC.copy(frame, 0);
  offset = frame.writeUInt32BE(metaBytes.length, offset);
  offset += metaBytes.copy(frame, offset);
  offset = frame.writeUInt32BE(requestLength, offset);
  for (const chunk of requestChunks) offset += chunk.copy(frame, offset);
  offset = frame.writeUInt32BE(responseLength, offset);
  for (const chunk of responseChunks) offset += chunk.copy(frame, offset);
  return frame;
}

/** Node's `Buffer#utf8Write`: `write(text, offset, length, 'utf8')` without the argument normalising. */
interface Utf8Writable {
  utf8Write(text: string, offset: number, length: number): number;
}

/** `String.prototype.isWellFormed` (Node 20+, newer than the ES2023 library types). */
function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function totalLength(chunks: readonly Buffer[]): number {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return length;
}
