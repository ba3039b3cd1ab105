import { encodeFrameParts } from '../core/capture-frame.js';
import { SluiceError } from '../core/errors.js';
import { renderRecordJson } from '../core/record-json.js';
import type { Queue } from '../queue/types.js';
import type { CapturedExchange, CaptureSink, CaptureTap } from './capture-tap.js';
import type { CaptureFailureHandler } from './response-writer.js';

/**
 * Where the gateway reports each capture once the queue holds it (the history); it never waits
 * for it. The frame is the one the queue was given (`encodeFrameParts`): rendering the record's
 * JSON is left to the history's own thread, off the gateway's event loop.
 */
export interface CaptureHistory {
  captured(id: string, frame: readonly Buffer[], at: number): void;
}

export interface QueueCaptureSinkOptions {
  /** Where captures go. Only `send` and `limits` are used. */
  readonly queue: Pick<Queue, 'send' | 'limits'>;
  /**
   * `capture.on_failure`: `release` answers the client all the same when a capture fails;
   * `fail` cuts the response before its last byte.
   */
  readonly onFailure: 'release' | 'fail';
  /**
   * A capture not durable after this long fails. The proxy function sets it: a frozen execution
   * environment would never finish the send. The gateway leaves it out, so a capture waits as
   * long as the queue takes (the embedded queue answers or fails within a commit).
   */
  readonly timeoutMs?: number;
  /** Told of every capture that failed, and whether the client is answered all the same: log it, count it. */
  readonly failed?: (error: unknown, tap: CaptureTap, released: boolean) => void;
  /** Told of every capture once the queue holds it (a binary queue's only: the history's file sits beside the embedded queue). */
  readonly history?: CaptureHistory;
}

/**
 * A captured exchange into the queue, with the capture policy's failure and timeout rules: one
 * implementation for the gateway and the proxy function.
 *
 * A queue that carries bytes (the embedded one) gets the compact binary frame, as parts, so a
 * large body's chunks reach the blob file without being joined. A queue that carries text only
 * (SQS) gets the §1 record's JSON, rendered straight from the chunks, which other consumers
 * (the extended clients, the forwarder function) read as it is; encoding a frame only to decode
 * it again would cost as much as the rendering.
 *
 * @example
 * ```ts
 * const sink = new QueueCaptureSink({ queue, onFailure: config.capture.on_failure, failed: (err, tap) => log(err, tap.id) });
 * const tap = new CaptureTap(policy, sink.write, request);
 * // … the exchange streams through the tap …
 * const committed = await sink.commit(tap); // false: it failed, and on_failure is `release`
 * ```
 */
export class QueueCaptureSink {
  /** The {@link CaptureSink} to give each `CaptureTap`. */
  readonly write: CaptureSink;
  /**
   * Settles a failed capture: reports it, then says whether the client is answered all the
   * same (a {@link CaptureFailureHandler}, for the `ResponseWriter`).
   */
  readonly settle: CaptureFailureHandler;

  constructor(options: QueueCaptureSinkOptions) {
    const { queue, timeoutMs, failed, history } = options;
    const text = queue.limits.binaryPayloads === false;
    // Async, so that a payload the queue refuses at once still fails as a rejected promise.
    const send = async (exchange: CapturedExchange): Promise<string> => {
      const { meta, requestChunks, responseChunks } = exchange;
      if (history === undefined || text) {
        return queue.send({ id: meta.id, body: text ? recordJson(exchange) : encodeFrameParts(meta, requestChunks, responseChunks) });
      }
      // The history takes the frame the queue was given: no second encoding on the request's path.
      const frame = encodeFrameParts(meta, requestChunks, responseChunks);
      const messageId = await queue.send({ id: meta.id, body: frame });
      history.captured(meta.id, frame, Date.now());
      return messageId;
    };
    this.write = timeoutMs === undefined ? send : (exchange) => withTimeout(send(exchange), timeoutMs);
    const release = options.onFailure === 'release';
    this.settle = (error, tap) => {
      failed?.(error, tap, release);
      return release;
    };
  }

  /**
   * Commits the tap's capture. Resolves `true` once it is durable; `false` when it failed and
   * the client is answered all the same; rejects with the failure when `on_failure` is `fail`.
   */
  async commit(tap: CaptureTap): Promise<boolean> {
    try {
      await tap.commit();
      return true;
    } catch (error) {
      if (this.settle(error, tap)) return false;
      throw error;
    }
  }
}

/** The §1 record's JSON, from the chunks as they are: what `toDeliverable` renders from a frame. */
function recordJson(exchange: CapturedExchange): string {
  return renderRecordJson({ meta: exchange.meta, requestBody: joined(exchange.requestChunks), responseBody: joined(exchange.responseChunks) });
}

const EMPTY = Buffer.alloc(0);

function joined(chunks: readonly Buffer[]): Buffer {
  if (chunks.length === 0) return EMPTY;
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

/** `promise`, or a failure once `ms` have passed; the timer never outlives the promise. */
async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SluiceError(`the capture took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
