import type { IncomingMessage } from 'node:http';
import { Pool, type Dispatcher } from 'undici';
import type { HttpTargetConfig } from '../core/config-schema.js';
import { BodyTooLargeError, ClientAbortedError, ClosedError, type SluiceError } from '../core/errors.js';
import { findHeader, stripHopByHop } from '../core/headers.js';
import { readSmallBody, streamBody } from './request-body.js';
import { ResponseWriter, type CaptureFailureHandler } from './response-writer.js';
import type { Exchange, ExchangeOutcome, Target, UpgradeExchange, UpgradeOutcome } from './target.js';
import { UpgradeHandler } from './upgrade-handler.js';
import { toUpstreamError } from './upstream-errors.js';
import { UpstreamGate } from './upstream-gate.js';

/** Bodies up to this size (with a Content-Length) are read whole and sent in one write. */
const SMALL_BODY_BYTES = 64 * 1024;

/**
 * Headers the proxy sets or must not forward, besides hop-by-hop ones: undici refuses `expect`
 * (Node's server already answered `100 Continue`), and the forwarding headers are rebuilt.
 */
const REQUEST_DROP = new Set(['host', 'expect', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host']);

export interface HttpTargetOptions {
  readonly onCaptureFailure: CaptureFailureHandler;
}

/**
 * Reverse proxy to an HTTP upstream (SPEC §4 `http` target): keep-alive pooling through undici,
 * bodies streamed both ways with backpressure, hop-by-hop headers dropped, `X-Forwarded-*`
 * added, and the upstream's status, headers (in their case) and bytes passed through unchanged.
 *
 * Paths follow nginx's `proxy_pass`: a URL with a path (`http://up/users`, `http://up/`)
 * replaces the route's matched prefix; a URL without one (`http://up`) receives the full path.
 *
 * At most `connections` requests are in flight to the upstream (one per connection), at most
 * `max_pending` wait for one, each for at most the route's timeout; beyond that, 503
 * `SLUICE_UPSTREAM_BUSY` (see {@link UpstreamGate}).
 *
 * @example
 * ```ts
 * const target = new HttpTarget({ type: 'http', url: 'http://127.0.0.1:3000/users', preserve_host: false, connections: 64, max_pending: 256 }, { onCaptureFailure });
 * const outcome = await target.handle(exchange);
 * ```
 */
export class HttpTarget implements Target {
  readonly #pool: Pool;
  readonly #gate: UpstreamGate;
  readonly #origin: string;
  readonly #basePath: string | undefined;
  readonly #baseQuery: string;
  readonly #preserveHost: boolean;
  readonly #onCaptureFailure: CaptureFailureHandler;
  #closed = false;

  constructor(config: HttpTargetConfig, options: HttpTargetOptions) {
    const url = new URL(config.url);
    this.#origin = url.origin;
    this.#basePath = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*\//i.test(config.url) ? url.pathname.replace(/\/+$/, '') : undefined;
    this.#baseQuery = url.search.slice(1);
    this.#preserveHost = config.preserve_host;
    this.#onCaptureFailure = options.onCaptureFailure;
    this.#gate = new UpstreamGate({ connections: config.connections, maxPending: config.max_pending, upstream: url.origin });
    this.#pool = new Pool(url.origin, {
      connections: config.connections,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      // TLS verification stays on: certificates are checked against the system's CAs.
      connect: { rejectUnauthorized: true },
    });
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    const { req, capture, maxBodyBytes } = exchange;
    const contentLength = findHeader(req.rawHeaders, 'content-length');
    const declared = contentLength === undefined ? undefined : Number(contentLength);
    if (declared !== undefined && declared > maxBodyBytes) throw new BodyTooLargeError(maxBodyBytes);

    let body: Buffer | AsyncIterable<Buffer> | null = null;
    if (declared !== undefined && declared <= SMALL_BODY_BYTES) {
      // Read before taking a connection: a slow small upload never holds one.
      if (declared > 0) body = await readSmallBody(req, capture, exchange.bodyTimeoutMs);
    } else if (declared !== undefined || findHeader(req.rawHeaders, 'transfer-encoding') !== undefined) {
      body = streamBody(req, maxBodyBytes, capture, exchange.bodyTimeoutMs);
    }

    if (!this.#gate.tryAcquire()) await this.#waitForConnection(exchange);
    return new Promise<ExchangeOutcome>((resolve, reject) => {
      const writer = new ResponseWriter(exchange.res, capture, this.#onCaptureFailure);
      const handler = new ProxyHandler(exchange, writer, this.#origin, this.#release, resolve, reject);
      this.#pool.dispatch(
        {
          origin: this.#origin,
          path: this.#upstreamPath(exchange),
          method: req.method as Dispatcher.HttpMethod,
          headers: this.#upstreamHeaders(req),
          // undici streams async iterables (client-h1 writeIterable) though its types omit them.
          body: body as Dispatcher.DispatchOptions['body'],
          headersTimeout: exchange.timeoutMs,
          bodyTimeout: exchange.timeoutMs,
        },
        handler,
      );
    });
  }

  /**
   * Proxies a WebSocket handshake with the same path and header rules as a request; undici
   * sends `Connection: upgrade` and the client's `Upgrade` value, which the header rules strip
   * as hop-by-hop. The upgraded connection leaves the pool, so tunnels never hold pool slots.
   */
  upgrade(exchange: UpgradeExchange): Promise<UpgradeOutcome> {
    const { req } = exchange;
    return new Promise<UpgradeOutcome>((resolve, reject) => {
      const handler = new UpgradeHandler(exchange, this.#onCaptureFailure, this.#origin, resolve, reject);
      this.#pool.dispatch(
        {
          origin: this.#origin,
          path: this.#upstreamPath(exchange),
          method: 'GET',
          headers: this.#upstreamHeaders(req),
          upgrade: findHeader(req.rawHeaders, 'upgrade') ?? 'websocket',
          headersTimeout: exchange.timeoutMs,
          bodyTimeout: exchange.timeoutMs,
        },
        handler,
      );
    });
  }

  readonly #release = (): void => this.#gate.release();

  /** Waits (within the route's timeout) for a connection; gives up when the client goes away. */
  async #waitForConnection(exchange: Exchange): Promise<void> {
    const controller = new AbortController();
    const onClose = (): void => controller.abort(new ClientAbortedError('the client went away while waiting for a connection'));
    exchange.res.once('close', onClose);
    try {
      await this.#gate.acquire(exchange.timeoutMs, controller.signal);
    } finally {
      exchange.res.off('close', onClose);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#gate.close(new ClosedError('the gateway is closing'));
    await this.#pool.close();
  }

  #upstreamPath(exchange: Pick<Exchange, 'path' | 'rest' | 'query'>): string {
    const path = this.#basePath === undefined ? exchange.path : this.#basePath + exchange.rest || '/';
    const query = this.#baseQuery && exchange.query ? `${this.#baseQuery}&${exchange.query}` : this.#baseQuery || exchange.query;
    return query ? `${path}?${query}` : path;
  }

  #upstreamHeaders(req: IncomingMessage): string[] {
    const raw = req.rawHeaders;
    const headers = stripHopByHop(raw, REQUEST_DROP);
    const host = findHeader(raw, 'host');
    if (this.#preserveHost && host !== undefined) headers.push('host', host);
    const forwardedFor = findHeader(raw, 'x-forwarded-for');
    const clientAddress = req.socket.remoteAddress ?? '';
    headers.push('x-forwarded-for', forwardedFor ? `${forwardedFor}, ${clientAddress}` : clientAddress);
    headers.push('x-forwarded-proto', 'encrypted' in req.socket ? 'https' : 'http');
    if (host !== undefined) headers.push('x-forwarded-host', host);
    return headers;
  }
}

/**
 * One upstream exchange, on undici's native dispatch handler interface (raw header buffers in
 * the upstream's case, no per-request header object parsing).
 */
class ProxyHandler implements Dispatcher.DispatchHandler {
  readonly #exchange: Exchange;
  readonly #writer: ResponseWriter;
  readonly #upstream: string;
  /** Gives the connection's slot back; called once, when undici is done with the request. */
  #release: (() => void) | undefined;
  readonly #resolve: (outcome: ExchangeOutcome) => void;
  readonly #reject: (error: SluiceError) => void;
  readonly #startedAt = performance.now();
  #abort: ((reason?: Error) => void) | undefined;
  #clientGone: ClientAbortedError | undefined;
  #status = 0;
  #targetSeconds: number | undefined;

  constructor(
    exchange: Exchange,
    writer: ResponseWriter,
    upstream: string,
    release: () => void,
    resolve: (o: ExchangeOutcome) => void,
    reject: (e: SluiceError) => void,
  ) {
    this.#exchange = exchange;
    this.#writer = writer;
    this.#upstream = upstream;
    this.#release = release;
    this.#resolve = resolve;
    this.#reject = reject;
    exchange.res.once('close', this.#onClientClose);
  }

  // Arrow functions: passed as listeners without a bind per request.
  readonly #onClientClose = (): void => {
    if (this.#exchange.res.writableFinished) return;
    this.#clientGone = new ClientAbortedError('the client went away');
    this.#abort?.(this.#clientGone);
  };

  onConnect(abort: (reason?: Error) => void): void {
    this.#abort = abort;
    if (this.#clientGone) abort(this.#clientGone);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // 1xx responses are informational; the final response follows.
    if (statusCode < 200) return true;
    this.#status = statusCode;
    this.#targetSeconds = (performance.now() - this.#startedAt) / 1000;
    const raw: string[] = new Array<string>(rawHeaders.length);
    for (let i = 0; i < rawHeaders.length; i += 1) raw[i] = rawHeaders[i]!.toString('latin1');
    this.#writer.start(statusCode, stripHopByHop(raw));
    this.#resume = resume;
    return true;
  }

  #resume: (() => void) | undefined;
  readonly #onDrain = (): void => this.#resume?.();

  onData(chunk: Buffer): boolean {
    if (this.#writer.write(chunk)) return true;
    this.#exchange.res.once('drain', this.#onDrain);
    return false;
  }

  #done(): void {
    this.#release?.();
    this.#release = undefined;
  }

  onComplete(): void {
    // The upstream's response is all in: its connection is free for the next request, even
    // while the capture commits and the client reads the rest.
    this.#done();
    this.#exchange.res.off('close', this.#onClientClose);
    this.#writer.end().then(
      () => this.#resolve({ status: this.#status, targetSeconds: this.#targetSeconds }),
      (error: unknown) => this.#reject(toUpstreamError(error, this.#upstream)),
    );
  }

  onError(error: Error): void {
    this.#done();
    const { res } = this.#exchange;
    res.off('close', this.#onClientClose);
    const normalised = this.#clientGone ?? toUpstreamError(error, this.#upstream);
    if (!res.headersSent) {
      this.#reject(normalised);
      return;
    }
    // Too late for an error status: cut the response so the client sees it incomplete.
    res.destroy(normalised);
    this.#resolve({ status: this.#clientGone ? 0 : this.#status, targetSeconds: this.#targetSeconds });
  }

  onUpgrade(): void {
    // Never called: these requests are dispatched without `upgrade` (see UpgradeHandler).
  }
}
