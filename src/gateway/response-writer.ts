import { CaptureFailedError } from '../core/errors.js';
import type { CaptureTap } from './capture-tap.js';

/**
 * Where a response goes: a `ServerResponse`, or a {@link SocketResponse} on a connection Node
 * handed over for an upgrade.
 */
export interface ResponseSink {
  /** The request answered, where there is one (a `ServerResponse`'s); its method decides whether a body may follow. */
  readonly req?: { readonly method?: string | undefined };
  writeHead(status: number, rawHeaders: string[]): unknown;
  write(chunk: Buffer): boolean;
  end(chunk?: Buffer): unknown;
  destroy(error?: Error): unknown;
}

/**
 * Called when a capture could not be committed. Returns `true` to release the response all the
 * same (the API stays up; the loss is counted), `false` to cut the connection before the last
 * byte so that no client ever holds a complete response without a record.
 */
export type CaptureFailureHandler = (error: unknown, tap: CaptureTap) => boolean;

/**
 * Writes a response to the client and, when the exchange is captured, holds back the last chunk
 * until the capture is committed (SPEC §2): a client that received the whole response can rely
 * on its record being in the queue, even if the process is killed the next instant. Only one
 * chunk is ever held, so memory stays bounded for bodies of any size.
 *
 * A response to HEAD carries no body (RFC 9110 §9.3.2): Node would not send one, and the writer
 * drops it before the capture too, so the record holds what the client received.
 *
 * @example
 * ```ts
 * const writer = new ResponseWriter(res, tap, onCaptureFailure);
 * writer.start(200, ['Content-Type', 'application/json']);
 * writer.write(body);
 * await writer.end();
 * ```
 */
export class ResponseWriter {
  readonly #res: ResponseSink;
  readonly #capture: CaptureTap | undefined;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #head: boolean;
  #held: Buffer | undefined;

  constructor(res: ResponseSink, capture: CaptureTap | undefined, onCaptureFailure: CaptureFailureHandler) {
    this.#res = res;
    this.#capture = capture;
    this.#onCaptureFailure = onCaptureFailure;
    this.#head = res.req?.method === 'HEAD';
  }

  /** Sends the status line and headers (a flat raw list, whose case Node keeps). */
  start(status: number, rawHeaders: string[]): void {
    this.#capture?.responseStart(status, rawHeaders);
    this.#res.writeHead(status, rawHeaders);
  }

  /** Writes a chunk; `false` means the client is slow, so pause the source until `drain`. */
  write(chunk: Buffer): boolean {
    if (this.#head) return true;
    const capture = this.#capture;
    if (capture === undefined) return this.#res.write(chunk);
    capture.responseChunk(chunk);
    const previous = this.#held;
    this.#held = chunk;
    return previous === undefined ? true : this.#res.write(previous);
  }

  /** Commits the capture (if any), then releases the held chunk and ends the response. */
  async end(): Promise<void> {
    const capture = this.#capture;
    if (capture !== undefined) {
      try {
        await capture.commit();
      } catch (error) {
        if (!this.#onCaptureFailure(error, capture)) {
          this.#held = undefined;
          this.#res.destroy(new CaptureFailedError('the capture could not be committed', { cause: error }));
          return;
        }
      }
    }
    const held = this.#held;
    this.#held = undefined;
    if (held === undefined) this.#res.end();
    else this.#res.end(held);
  }
}
