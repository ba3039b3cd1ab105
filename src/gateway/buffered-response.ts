import type { ResponseWriter } from './response-writer.js';

/** A response held whole in memory: a function's result, a service's reply, a gateway error. */
export interface BufferedResponse {
  readonly status: number;
  /** A flat raw list (`[name, value, …]`), whose case is kept. Any framing in it is replaced. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

/**
 * Sends a response held whole in memory through a writer, framed by its `Content-Length`: every
 * target that buffers (the Lambda target, gateway errors, auth refusals, ingest replies) answers
 * through here, so they frame alike and their captures keep the writer's guarantee.
 *
 * - `Content-Length` is the body's length, set in place of any the headers carried (a stale one
 *   would cut the body or hang the client) and `Transfer-Encoding` is dropped;
 * - 1xx, 204 and 304 carry neither a body nor a length (RFC 9110 §6.4.1, §8.6);
 * - a response to HEAD keeps the length a GET would get and sends no body (the writer drops it).
 *
 * @example
 * ```ts
 * const writer = new ResponseWriter(exchange.res, exchange.capture, onCaptureFailure);
 * await writeBuffered(writer, { status: 200, rawHeaders: ['Content-Type', 'application/json'], body: Buffer.from('{"ok":true}') });
 * ```
 */
export async function writeBuffered(writer: ResponseWriter, response: BufferedResponse): Promise<void> {
  const { status, body } = response;
  const bodiless = status < 200 || status === 204 || status === 304;
  writer.start(status, framed(response.rawHeaders, bodiless ? undefined : body.length));
  if (!bodiless && body.length > 0) writer.write(body);
  await writer.end();
}

/**
 * The headers with `Content-Length: length` where the first `Content-Length` was (or last, when
 * none was), other framing headers left out; no length at all when `length` is undefined.
 */
function framed(rawHeaders: readonly string[], length: number | undefined): string[] {
  const headers: string[] = [];
  let placed = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    const lower = name.toLowerCase();
    if (lower === 'transfer-encoding') continue;
    if (lower === 'content-length') {
      if (!placed && length !== undefined) headers.push(name, String(length));
      placed = true;
      continue;
    }
    headers.push(name, rawHeaders[i + 1]!);
  }
  if (!placed && length !== undefined) headers.push('Content-Length', String(length));
  return headers;
}
