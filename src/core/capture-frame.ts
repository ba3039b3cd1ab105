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

/** Marks a binary frame; a queued JSON record starts with `{` instead. */
export const FRAME_MAGIC = Buffer.from('SLC1', 'latin1');

/**
 * Serialises a frame: `SLC1`, then three length-prefixed parts (meta JSON, request body,
 * response body). Body chunks are copied once, straight into the frame.
 *
 * @example
 * ```ts
 * const bytes = encodeFrame(meta, [Buffer.from('{"a":1}')], []);
 * decodeFrame(bytes).meta.id === meta.id; // true
 * ```
 */
export function encodeFrame(meta: CaptureMeta, requestChunks: readonly Buffer[], responseChunks: readonly Buffer[]): Buffer {
  const metaBytes = Buffer.from(JSON.stringify(meta), 'utf8');
  const requestLength = totalLength(requestChunks);
  const responseLength = totalLength(responseChunks);
  const frame = Buffer.allocUnsafe(FRAME_MAGIC.length + 12 + metaBytes.length + requestLength + responseLength);
  let offset = FRAME_MAGIC.copy(frame, 0);
  offset = frame.writeUInt32BE(metaBytes.length, offset);
  offset += metaBytes.copy(frame, offset);
  offset = frame.writeUInt32BE(requestLength, offset);
  for (const chunk of requestChunks) offset += chunk.copy(frame, offset);
  offset = frame.writeUInt32BE(responseLength, offset);
  for (const chunk of responseChunks) offset += chunk.copy(frame, offset);
  return frame;
}

/** True when the bytes start with the frame marker. */
export function isFrame(bytes: Uint8Array): boolean {
  return bytes.length >= FRAME_MAGIC.length && Buffer.from(bytes.buffer, bytes.byteOffset, 4).equals(FRAME_MAGIC);
}

/**
 * Reads a frame written by {@link encodeFrame}. Bodies are views into `bytes`, not copies.
 *
 * @throws MalformedMessageError when the bytes are not a complete frame.
 */
export function decodeFrame(bytes: Uint8Array): CaptureFrame {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!isFrame(buffer)) throw new MalformedMessageError('not a capture frame');
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
  let meta: CaptureMeta;
  try {
    meta = JSON.parse(metaBytes.toString('utf8')) as CaptureMeta;
  } catch (cause) {
    throw new MalformedMessageError('capture frame metadata is not JSON', { cause });
  }
  return { meta, requestBody, responseBody };
}

function totalLength(chunks: readonly Buffer[]): number {
  let length = 0;
  for (const chunk of chunks) length += chunk.length;
  return length;
}
