import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from 'node:zlib';

/**
 * Undoes a body's `Content-Encoding` (RFC 9110 §8.4) so that it can be redacted: `gzip`
 * (`x-gzip`), `deflate` (zlib, or raw deflate as some servers send it) and `br`, applied in the
 * reverse of the order listed. The output is bounded by `maxBytes` (a small compressed body can
 * expand enormously).
 *
 * @returns the decoded bytes, or undefined when they cannot be had: an unknown coding (`zstd`,
 *   `compress`), a corrupt or cut stream, or more than `maxBytes` of output.
 *
 * @example
 * ```ts
 * decodeContent(gzipSync('{"a":1}'), 'gzip', 1024)!.toString(); // '{"a":1}'
 * decodeContent(body, 'identity', 1024); // body
 * ```
 */
export function decodeContent(body: Buffer, contentEncoding: string, maxBytes: number): Buffer | undefined {
  const codings = contentEncoding
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '' && coding !== 'identity');
  let bytes = body;
  const options = { maxOutputLength: Math.max(1, maxBytes) };
  try {
    for (const coding of codings.reverse()) {
      if (coding === 'gzip' || coding === 'x-gzip') bytes = gunzipSync(bytes, options);
      else if (coding === 'br') bytes = brotliDecompressSync(bytes, options);
      else if (coding === 'deflate') bytes = inflateDeflate(bytes, options);
      else return undefined;
    }
  } catch {
    return undefined;
  }
  return bytes;
}

/** `deflate` is zlib-wrapped by the letter of the RFC; some servers send it raw. */
function inflateDeflate(bytes: Buffer, options: { maxOutputLength: number }): Buffer {
  // A zlib stream's first byte names method 8 (deflate) in its low nibble.
  return (bytes[0]! & 0x0f) === 8 && ((bytes[0]! << 8) | bytes[1]!) % 31 === 0 ? inflateSync(bytes, options) : inflateRawSync(bytes, options);
}
