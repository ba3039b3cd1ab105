import type { IncomingMessage } from 'node:http';
import { BodyTooLargeError, ClientAbortedError } from '../core/errors.js';
import type { CaptureTap } from './capture-tap.js';

/**
 * Reads a small request body whole (its Content-Length is known and small): one buffer lets the
 * upstream request go out in a single write, and small bodies cost nothing to hold.
 */
export function readSmallBody(req: IncomingMessage, capture: CaptureTap | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer): void => {
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
 */
export async function* streamBody(req: IncomingMessage, limit: number, capture: CaptureTap | undefined): AsyncGenerator<Buffer> {
  let length = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > limit) throw new BodyTooLargeError(limit);
      capture?.requestChunk(chunk);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof BodyTooLargeError) throw error;
    throw new ClientAbortedError('the client went away during the upload', { cause: error });
  }
  if (!req.complete) throw new ClientAbortedError('the client went away during the upload');
}
