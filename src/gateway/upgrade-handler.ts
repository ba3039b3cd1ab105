import type { Duplex } from 'node:stream';
import type { Dispatcher } from 'undici';
import { CaptureFailedError, ClientAbortedError, type SluiceError } from '../core/errors.js';
import { findHeader, stripHopByHop } from '../core/headers.js';
import { ResponseWriter, type CaptureFailureHandler } from './response-writer.js';
import { SocketResponse, responseHead } from './socket-response.js';
import type { UpgradeExchange, UpgradeOutcome } from './target.js';
import { tunnel } from './tunnel.js';
import { toUpstreamError } from './upstream-errors.js';

/**
 * One WebSocket handshake sent upstream through undici's dispatch (an `upgrade` request). The
 * upstream's 101 is captured and committed, then written to the client with its headers
 * (`Sec-WebSocket-Accept`, `-Protocol`, `-Extensions`), and the two sockets are joined by a
 * {@link tunnel}. Any other answer (400, 404, 426…) is relayed to the client as it came, body
 * included, and the connection closes after it.
 *
 * `capture.on_failure: fail` applies before the 101 leaves: the client gets 503 instead and
 * the upstream connection is closed, so no tunnel exists without its record.
 *
 * @internal
 */
export class UpgradeHandler implements Dispatcher.DispatchHandler {
  readonly #exchange: UpgradeExchange;
  readonly #response: SocketResponse;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #upstream: string;
  readonly #resolve: (outcome: UpgradeOutcome) => void;
  readonly #reject: (error: SluiceError) => void;
  readonly #startedAt = performance.now();
  #abort: ((reason?: Error) => void) | undefined;
  #clientGone: ClientAbortedError | undefined;
  #writer: ResponseWriter | undefined;
  #resume: (() => void) | undefined;
  #status = 0;
  #targetSeconds: number | undefined;

  constructor(
    exchange: UpgradeExchange,
    onCaptureFailure: CaptureFailureHandler,
    upstream: string,
    resolve: (outcome: UpgradeOutcome) => void,
    reject: (error: SluiceError) => void,
  ) {
    this.#exchange = exchange;
    this.#response = new SocketResponse(exchange.socket);
    this.#onCaptureFailure = onCaptureFailure;
    this.#upstream = upstream;
    this.#resolve = resolve;
    this.#reject = reject;
    exchange.socket.once('close', this.#onClientClose);
  }

  readonly #onClientClose = (): void => {
    this.#clientGone = new ClientAbortedError('the client went away');
    this.#abort?.(this.#clientGone);
  };

  readonly #onDrain = (): void => this.#resume?.();

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.#clientGone) abort(this.#clientGone);
  }

  /** A final answer other than 101: the upstream refused the upgrade. */
  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    if (statusCode < 200) return true;
    this.#answered(statusCode);
    this.#writer = new ResponseWriter(this.#response, this.#exchange.capture, this.#onCaptureFailure);
    this.#writer.start(statusCode, stripHopByHop(latin1(rawHeaders)));
    this.#resume = resume;
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.#writer!.write(chunk)) return true;
    this.#exchange.socket.once('drain', this.#onDrain);
    return false;
  }

  onComplete(): void {
    this.#exchange.socket.off('close', this.#onClientClose);
    this.#writer!.end().then(
      () => this.#resolve({ status: this.#status, targetSeconds: this.#targetSeconds }),
      () => {
        this.#exchange.socket.destroy();
        this.#resolve({ status: this.#status, targetSeconds: this.#targetSeconds });
      },
    );
  }

  onError(error: Error): void {
    const { socket } = this.#exchange;
    socket.off('close', this.#onClientClose);
    const normalised = this.#clientGone ?? toUpstreamError(error, this.#upstream);
    if (!this.#response.headersSent) {
      this.#reject(normalised);
      return;
    }
    // Too late for an error status: cut the refusal so the client sees it incomplete.
    socket.destroy();
    this.#resolve({ status: this.#clientGone ? 0 : this.#status, targetSeconds: this.#targetSeconds });
  }

  onUpgrade(statusCode: number, rawHeaders: Buffer[] | string[] | null, upstreamSocket: Duplex): void {
    const { socket: client, capture } = this.#exchange;
    client.off('close', this.#onClientClose);
    // undici has let go of the socket: hold its bytes until the tunnel reads them, and keep a
    // reset from becoming an uncaught error while the capture commits.
    upstreamSocket.pause();
    upstreamSocket.on('error', ignore);
    this.#answered(statusCode);
    const raw = latin1(rawHeaders ?? []);
    const headers = ['Upgrade', findHeader(raw, 'upgrade') ?? 'websocket', 'Connection', 'Upgrade', ...stripHopByHop(raw)];
    capture?.responseStart(statusCode, headers);
    const committed =
      capture === undefined
        ? Promise.resolve(true)
        : capture.commit().then(
            () => true,
            (error: unknown) => this.#onCaptureFailure(error, capture),
          );
    void committed.then((release) => {
      if (!release) {
        upstreamSocket.destroy();
        this.#reject(new CaptureFailedError('the capture of the handshake could not be committed'));
        return;
      }
      client.write(responseHead(statusCode, headers), 'latin1');
      this.#resolve({ status: statusCode, targetSeconds: this.#targetSeconds, tunnel: tunnel(client, this.#exchange.head, upstreamSocket) });
    });
  }

  #answered(statusCode: number): void {
    this.#status = statusCode;
    this.#targetSeconds = (performance.now() - this.#startedAt) / 1000;
  }
}

function latin1(rawHeaders: readonly (Buffer | string)[]): string[] {
  const out = new Array<string>(rawHeaders.length);
  for (let i = 0; i < rawHeaders.length; i += 1) {
    const value = rawHeaders[i]!;
    out[i] = typeof value === 'string' ? value : value.toString('latin1');
  }
  return out;
}

function ignore(): void {}
