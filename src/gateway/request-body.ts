import type { IncomingMessage } from 'node:http';
import { BodyTimeoutError, BodyTooLargeError, ClientAbortedError } from '../core/errors.js';
import { findHeader } from '../core/headers.js';
import type { CaptureTap } from './capture-tap.js';

/** What a body reader tells the capture: each chunk as it arrives. */
export type RequestTap = Pick<CaptureTap, 'requestChunk'>;

/** How a target that needs the whole body reads it. */
export interface WholeBodyOptions {
  /** The largest body accepted (the route's limit, or less where the target's service has one). */
  readonly limit: number;
  /** Sees the body's bytes as they arrive, when the exchange is captured. */
  readonly capture: RequestTap | undefined;
  /** `limits.body_timeout`: the longest wait for the client's next bytes. */
  readonly idleTimeoutMs: number;
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body whole, for targets that must hold all of it before they act (a Lambda
 * event, a message to a queue or an AWS service). Every such target reads through here, so the
 * limits and their answers are the same everywhere:
 *
 * - a declared `Content-Length` over `limit` fails at once with {@link BodyTooLargeError} (413),
 *   before a byte is read; a chunked body fails with it as soon as it crosses `limit`;
 * - no bytes for `idleTimeoutMs` fails with {@link BodyTimeoutError} (408);
 * - a client that goes away fails with {@link ClientAbortedError}.
 *
 * A request without a body (no `Content-Length` or `Transfer-Encoding`, or a length of 0) gets
 * an empty buffer at once, not a promise: most requests have none, and awaiting a value costs
 * less than settling a promise.
 *
 * @throws BodyTooLargeError when the declared length is over `limit`.
 * @example
 * ```ts
 * const body = await readWholeBody(exchange.req, { limit: exchange.maxBodyBytes, capture: exchange.capture, idleTimeoutMs: exchange.bodyTimeoutMs });
 * ```
 */
export function readWholeBody(req: IncomingMessage, options: WholeBodyOptions): Buffer | Promise<Buffer> {
  const { limit, capture, idleTimeoutMs } = options;
  const contentLength = findHeader(req.rawHeaders, 'content-length');
  if (contentLength !== undefined) {
    const declared = Number(contentLength);
    if (declared > limit) throw new BodyTooLargeError(limit);
    return declared > 0 ? readSmallBody(req, capture, idleTimeoutMs) : EMPTY;
  }
  if (findHeader(req.rawHeaders, 'transfer-encoding') === undefined) return EMPTY;
  return readChunked(req, limit, capture, idleTimeoutMs);
}

async function readChunked(req: IncomingMessage, limit: number, capture: RequestTap | undefined, idleTimeoutMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let length = 0;
  for await (const chunk of streamBody(req, limit, capture, idleTimeoutMs)) {
    chunks.push(chunk);
    length += chunk.length;
  }
  return Buffer.concat(chunks, length);
}

/**
 * Reads a small request body whole (its Content-Length is known and small): one buffer lets the
 * upstream request go out in a single write, and small bodies cost nothing to hold.
 *
 * `idleTimeoutMs` is nginx's `client_body_timeout`: the longest wait for the next bytes (from
 * the start, then between two reads), not for the whole body. It fails with
 * {@link BodyTimeoutError} (408) and leaves the connection to the caller, which answers and
 * closes it.
 */
export function readSmallBody(req: IncomingMessage, capture: RequestTap | undefined, idleTimeoutMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onTimeout = (): void => {
      cleanup();
      req.pause();
      reject(bodyTimeout(idleTimeoutMs));
    };
    const timer = setTimeout(onTimeout, idleTimeoutMs);
    const onData = (chunk: Buffer): void => {
      timer.refresh();
      chunks.push(chunk);
      length += chunk.length;
      capture?.requestChunk(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    };
    const onAbort = (): void => {
      cleanup();
      reject(new ClientAbortedError('the client went away during the upload'));
    };
    const cleanup = (): void => {
      clearTimeout(timer);
      req.off('data', onData).off('end', onEnd).off('error', onAbort).off('close', onClose);
    };
    const onClose = (): void => {
      if (!req.complete) onAbort();
    };
    req.on('data', onData).on('end', onEnd).on('error', onAbort).on('close', onClose);
  });
}

/**
 * Streams a request body of any size to the upstream, teeing up to the capture limit, and
 * failing with 413 as soon as it crosses `limit` (chunked uploads announce no size).
 *
 * `idleTimeoutMs` bounds each wait for the client's next bytes, and only that: time the
 * consumer (the upstream) takes to accept a chunk is not the client's and never counts, as
 * with nginx, whose timer runs only while a read waits for data. On expiry the generator fails
 * with {@link BodyTimeoutError}, which makes undici abort the upstream request and drop its
 * connection.
 */
export async function* streamBody(req: IncomingMessage, limit: number, capture: RequestTap | undefined, idleTimeoutMs: number): AsyncGenerator<Buffer> {
  // Not `for await`: leaving that loop destroys `req`, and with it the socket the 408 needs.
  const chunks = req[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let length = 0;
  try {
    for (;;) {
      const next = await nextWithin(chunks, idleTimeoutMs);
      if (next.done === true) break;
      const chunk = next.value;
      length += chunk.length;
      if (length > limit) throw new BodyTooLargeError(limit);
      capture?.requestChunk(chunk);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError || error instanceof BodyTimeoutError) throw error;
    throw new ClientAbortedError('the client went away during the upload', { cause: error });
  }
  if (!req.complete) throw new ClientAbortedError('the client went away during the upload');
}

function nextWithin(chunks: AsyncIterator<Buffer>, idleTimeoutMs: number): Promise<IteratorResult<Buffer>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(bodyTimeout(idleTimeoutMs)), idleTimeoutMs);
    chunks.next().then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function bodyTimeout(idleTimeoutMs: number): BodyTimeoutError {
  return new BodyTimeoutError(`the client sent no request body bytes for ${idleTimeoutMs} ms`);
}
