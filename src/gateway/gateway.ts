import { IncomingMessage, createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Registry } from 'prom-client';
import type { RouteConfig, SluiceConfig } from '../core/config-schema.js';
import {
  BodyTooLargeError,
  CaptureFailedError,
  ClientAbortedError,
  ClosedError,
  RouteNotFoundError,
  HttpVersionNotSupportedError,
  MethodNotAllowedError,
  SluiceError,
  UpgradeNotSupportedError,
  type SluiceErrorCode,
} from '../core/errors.js';
import { findHeader } from '../core/headers.js';
import { ALLOWED_METHODS, resolveRequestHead, type ResolvedRequest } from '../core/request-head.js';
import { RouteTable, type RouteMatch } from '../core/route-match.js';
import { declaresBody, isWebSocketUpgrade, webSocketHandshakeProblem } from '../core/websocket-handshake.js';
import type { Queue } from '../queue/types.js';
import { silentLogger, type Logger } from '../telemetry/logger.js';
import { RateLimitedLog } from '../telemetry/rate-limited-log.js';
import { CaptureHealth } from './capture-health.js';
import { QueueCaptureSink, type CaptureHistory } from './capture-sink.js';
import { capturePolicy, CaptureTap, type CapturePolicy, type CaptureSink } from './capture-tap.js';
import { CorsPolicy } from './cors.js';
import { createRouteTarget } from './create-target.js';
import { asSluiceError, rawErrorResponse, sendError, writeError } from './error-response.js';
import { GatewayResponse } from './gateway-response.js';
import { internalRoutes, withPrefix, type InternalHandler } from './internal-routes.js';
import { GatewayMetrics } from './metrics.js';
import { ResponseWriter, type CaptureFailureHandler } from './response-writer.js';
import { SocketResponse } from './socket-response.js';
import type { Exchange, Target, UpgradeExchange } from './target.js';

export interface GatewayOptions {
  readonly config: SluiceConfig;
  /** Where captures go; required when any route has `capture: true`. */
  readonly queue?: Queue;
  /** Told of each capture once the queue holds it (the history, so `sluice tail` sees it at once). */
  readonly history?: CaptureHistory;
  readonly logger?: Logger;
  /** Metrics registry served on `/metrics`; a new one by default. */
  readonly registry?: Registry;
  /** How long `close()` waits for in-flight exchanges before cutting them. Default 30 s. */
  readonly drainTimeoutMs?: number;
  /** How long `/healthz` stays degraded after the last capture failure. Default 60 s. */
  readonly captureFailureHoldMs?: number;
  /** At most one capture-failure log line per this many ms (with a count of the others). Default 10 s. */
  readonly captureFailureLogIntervalMs?: number;
}

/** Where a request goes, worked out the same way for ordinary requests and upgrades. */
interface RoutedRequest {
  /** The host the request is for ('' when unknown; see `resolveRequestHead`). */
  readonly host: string;
  /** The normalised path: what routing, auth, capture, lambda events and the upstream all use. */
  readonly path: string;
  readonly query: string;
  /** Sluice's own endpoint at this path; it takes precedence over the routes. */
  readonly internal: InternalHandler | undefined;
  readonly matched: RouteMatch<CompiledRoute> | undefined;
}

interface CompiledRoute {
  readonly config: RouteConfig;
  readonly match: RouteConfig['match'];
  readonly target: Target;
  /** The route's `cors`, precomputed; undefined when browsers get no cross-origin access. */
  readonly cors: CorsPolicy | undefined;
  readonly capture: boolean;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  readonly bodyTimeoutMs: number;
}

/**
 * The HTTP gateway: matches each request to a route, hands it to the route's target, and taps
 * captured exchanges into the queue. `listen()` starts it; `close()` stops accepting, finishes
 * in-flight exchanges and releases upstream pools; `destroy()` cuts everything at once.
 *
 * @example
 * ```ts
 * const gateway = new Gateway({ config, queue, logger });
 * const { port } = await gateway.listen();
 * process.once('SIGTERM', () => void gateway.close());
 * ```
 */
export class Gateway {
  readonly metrics: GatewayMetrics;
  /** `/ping`, `/healthz` and `/metrics` for the admin listener ({@link AdminServer}). */
  readonly adminRoutes: ReadonlyMap<string, InternalHandler>;
  readonly #config: SluiceConfig;
  readonly #logger: Logger;
  readonly #server: Server;
  readonly #routes: RouteTable<CompiledRoute>;
  /** Some route answers preflights: only then is an OPTIONS request looked at twice. */
  readonly #hasCors: boolean;
  readonly #targets: Target[];
  readonly #internal: Map<string, InternalHandler>;
  readonly #policy: CapturePolicy;
  /** The queue sink's writer; set whenever a route captures (the constructor checks). */
  readonly #sink: CaptureSink;
  readonly #drainTimeoutMs: number;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #captureHealth: CaptureHealth;
  readonly #captureFailureLog: RateLimitedLog;
  /** Captures that failed to commit: `sluice_captures_total` counts only the committed ones. */
  readonly #failedCaptures = new WeakSet<CaptureTap>();
  readonly #sockets = new Set<Socket>();
  /** The latest response on each connection, so a parse error never writes into one under way. */
  readonly #responses = new WeakMap<Socket, ServerResponse>();
  #inFlight = 0;
  #drained: (() => void) | undefined;
  #state: 'new' | 'listening' | 'closing' | 'closed' = 'new';
  #closing: Promise<void> | undefined;

  constructor(options: GatewayOptions) {
    const { config } = options;
    this.#config = config;
    this.#logger = options.logger ?? silentLogger();
    this.#drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
    const queue = options.queue;
    if (queue === undefined && config.routes.some((route) => route.capture)) {
      throw new SluiceError('a queue is required when a route captures exchanges');
    }
    this.metrics = new GatewayMetrics(options.registry ?? new Registry(), queue);
    this.#policy = capturePolicy(config.capture);
    this.#captureHealth = new CaptureHealth({ holdMs: options.captureFailureHoldMs ?? 60_000 });
    // A full disk fails every capture: one line per interval with a count, never one per request.
    this.#captureFailureLog = new RateLimitedLog(this.#logger, { intervalMs: options.captureFailureLogIntervalMs ?? 10_000 });
    const sink =
      queue === undefined
        ? undefined
        : new QueueCaptureSink({
            queue,
            onFailure: config.capture.on_failure,
            ...(options.history !== undefined && { history: options.history }),
            failed: (error, tap, released) => {
              const reason = this.#captureHealth.failed(error);
              this.#failedCaptures.add(tap);
              this.metrics.captureFailed(tap.route, reason);
              this.#captureFailureLog.log(
                { err: error, reason, record_id: tap.id, route: tap.route },
                released ? 'capture failed; the client was answered without it' : 'capture failed; the response was cut',
              );
            },
          });
    this.#sink = sink?.write ?? noQueue;
    // Without a queue nothing is captured, so nothing can fail.
    const onCaptureFailure: CaptureFailureHandler = sink?.settle ?? (() => true);
    this.#onCaptureFailure = onCaptureFailure;
    const compiled = config.routes.map((route) => ({
      config: route,
      match: route.match,
      target: createRouteTarget(route, { onCaptureFailure, logger: this.#logger, ...(config.aws !== undefined && { aws: config.aws }) }),
      cors: route.cors === undefined ? undefined : new CorsPolicy(route.cors, route.match.methods),
      capture: route.capture,
      maxBodyBytes: route.limits.max_body_bytes ?? config.limits.max_body_bytes,
      timeoutMs: route.limits.timeout ?? config.limits.upstream_timeout,
      bodyTimeoutMs: route.limits.body_timeout ?? config.limits.body_timeout,
    }));
    this.#targets = compiled.map((route) => route.target);
    this.#routes = new RouteTable(compiled);
    this.#hasCors = compiled.some((route) => route.cors !== undefined);
    this.adminRoutes = internalRoutes('', queue, this.metrics.registry, this.#captureHealth);
    // The proxied port serves only the API, unless the configuration names a prefix for these
    // endpoints there too (lambda-reverse-proxy files always do).
    this.#internal = withPrefix(this.adminRoutes, config.internal_route_prefix);
    // Host is checked in #onRequest instead of by Node, whose own 400 has no JSON body.
    this.#server = createServer(
      { keepAliveTimeout: 5_000, requestTimeout: 300_000, requireHostHeader: false, IncomingMessage, ServerResponse: GatewayResponse },
      this.#onRequest,
    );
    this.#server.on('clientError', this.#onClientError);
    this.#server.on('checkContinue', this.#onCheckContinue);
    this.#server.on('upgrade', this.#onUpgrade);
    this.#server.on('connect', this.#onConnect);
    this.#server.on('connection', (socket: Socket) => {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    });
  }

  /** Starts listening (on `config.listen` unless overridden) and resolves with the bound address. */
  listen(port = this.#config.listen.port, host = this.#config.listen.host): Promise<AddressInfo> {
    if (this.#state !== 'new') return Promise.reject(new ClosedError('the gateway was already started'));
    this.#state = 'listening';
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => {
        this.#server.off('error', reject);
        const address = this.#server.address() as AddressInfo;
        this.#logger.info({ host: address.address, port: address.port, routes: this.#routes.size }, 'gateway listening');
        resolve(address);
      });
    });
  }

  /** The bound address, once listening. */
  get address(): AddressInfo | undefined {
    const address = this.#server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  /**
   * Graceful stop: no new connections, idle keep-alive connections closed, in-flight exchanges
   * finished (their captures committed), then upstream pools closed. Idempotent.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutdown(false);
    return this.#closing;
  }

  /** Immediate stop: every connection cut. Idempotent. */
  destroy(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    this.#closing ??= this.#shutdown(true);
    return this.#closing;
  }

  async #shutdown(force: boolean): Promise<void> {
    const wasListening = this.#state === 'listening';
    this.#state = 'closing';
    const serverClosed = wasListening ? new Promise<void>((resolve) => this.#server.close(() => resolve())) : Promise.resolve();
    this.#server.closeIdleConnections();
    if (!force && this.#inFlight > 0) {
      const drained = new Promise<void>((resolve) => (this.#drained = resolve));
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(resolve, this.#drainTimeoutMs, 'timeout').unref());
      if ((await Promise.race([drained, timeout])) === 'timeout') {
        this.#logger.warn({ in_flight: this.#inFlight }, 'drain timeout; cutting the remaining exchanges');
      }
    }
    for (const socket of this.#sockets) socket.destroy();
    await serverClosed;
    await Promise.all(this.#targets.map((target) => target.close()));
    this.#captureFailureLog.close();
    this.#state = 'closed';
    this.#logger.info('gateway closed');
  }

  /**
   * The Host, path and query a request is routed by, and what they lead to. Ordinary requests
   * and upgrades both come through here, so they can never be matched differently.
   */
  #route(req: IncomingMessage): RoutedRequest | SluiceError {
    // Version, Host, method and target are checked, and the path normalised, once (resolveRequestHead).
    let resolved: ResolvedRequest;
    try {
      resolved = resolveRequestHead(req);
    } catch (error) {
      return asSluiceError(error);
    }
    const { path, query } = resolved;
    const host = resolved.host ?? '';
    const internal = this.#internal.get(path);
    const matched = internal === undefined ? this.#routes.match(host, path, req.method ?? 'GET') : undefined;
    return { host, path, query, internal, matched };
  }

  readonly #onRequest = (req: IncomingMessage, res: GatewayResponse): void => {
    this.#responses.set(req.socket, res);
    const routed = this.#route(req);
    if (routed instanceof SluiceError) {
      // A request that cannot be routed safely is answered before its body is read; that body
      // may never be drained, so the connection closes.
      res.shouldKeepAlive = false;
      this.metrics.observe('', req.method ?? '', routed.statusCode, undefined);
      sendError(res, routed);
      return;
    }
    if (this.#state === 'closing') res.shouldKeepAlive = false;
    const { host, path, query, internal, matched } = routed;
    if (internal !== undefined) {
      internal(req, res).catch((error: unknown) => this.#fail(res, undefined, error, 'internal'));
      return;
    }

    const method = req.method ?? 'GET';
    if (this.#hasCors && method === 'OPTIONS' && this.#answerPreflight(req, res, host, path)) return;
    if (matched === undefined) {
      this.metrics.observe('', method, 404, undefined);
      sendError(res, new RouteNotFoundError(`no route for ${method} ${path}`));
      return;
    }
    const route = matched.route;
    const name = route.config.name;
    const cors = route.cors;
    if (cors !== undefined) {
      const origin = findHeader(req.rawHeaders, 'origin');
      res.headerFilter = (rawHeaders) => cors.responseHeaders(rawHeaders, origin);
    }
    const capture = route.capture
      ? new CaptureTap(this.#policy, this.#sink, { route: name, method, host, path, query, rawHeaders: req.rawHeaders })
      : undefined;
    const exchange: Exchange = {
      req,
      res,
      route: name,
      path,
      query,
      rest: matched.rest,
      capture,
      maxBodyBytes: route.maxBodyBytes,
      timeoutMs: route.timeoutMs,
      bodyTimeoutMs: route.bodyTimeoutMs,
    };
    this.#inFlight += 1;
    route.target
      .handle(exchange)
      .then(
        (outcome) => {
          this.metrics.observe(name, method, outcome.status, outcome.targetSeconds);
          if (capture !== undefined && outcome.status !== 0 && !this.#failedCaptures.has(capture)) this.metrics.captured(name);
        },
        (error: unknown) => this.#fail(res, exchange, error, name),
      )
      .finally(this.#exchangeDone);
  };

  /**
   * Answers a CORS preflight for a route with `cors` (true), before auth and without the target
   * or the capture, as API Gateway HTTP APIs do. The route is the one the real request will
   * take: it is matched with the method the browser asks about (`Access-Control-Request-Method`),
   * so a `methods: [POST]` route answers its preflights. Anything else (no such route, no `cors`,
   * not a preflight) goes on as an ordinary OPTIONS request (false).
   */
  #answerPreflight(req: IncomingMessage, res: ServerResponse, host: string, path: string): boolean {
    const origin = findHeader(req.rawHeaders, 'origin');
    const requestMethod = findHeader(req.rawHeaders, 'access-control-request-method');
    if (!CorsPolicy.isPreflight('OPTIONS', origin, requestMethod)) return false;
    const route = this.#routes.match(host, path, requestMethod!.toUpperCase())?.route;
    const cors = route?.cors;
    if (cors === undefined) return false;
    this.metrics.observe(route!.config.name, 'OPTIONS', 204, undefined);
    res.writeHead(204, cors.preflightHeaders(origin!));
    res.end();
    return true;
  }

  /**
   * `Expect: 100-continue` (RFC 9110 §10.1.1): refuse an upload over the route's body limit
   * before the client sends it, instead of inviting it and then answering 413.
   */
  readonly #onCheckContinue = (req: IncomingMessage, res: GatewayResponse): void => {
    const routed = this.#route(req);
    // A request that cannot be routed is refused by #onRequest, before any 100 Continue.
    if (routed instanceof SluiceError) return this.#onRequest(req, res);
    const declared = Number(findHeader(req.rawHeaders, 'content-length') ?? 0);
    const matched = routed.matched;
    const limit = matched?.route.maxBodyBytes ?? this.#config.limits.max_body_bytes;
    if (declared > limit) {
      this.metrics.observe(matched?.route.config.name ?? '', req.method ?? '', 413, undefined);
      sendError(res, new BodyTooLargeError(limit));
      return;
    }
    res.writeContinue();
    this.#onRequest(req, res);
  };

  /**
   * CONNECT would turn the gateway into a tunnel to any host: refused with 405 (Node hands it
   * over as a bare socket, outside the request path).
   */
  readonly #onConnect = (req: IncomingMessage, socket: Duplex): void => {
    this.metrics.observe('', req.method ?? 'CONNECT', 405, undefined);
    socket.on('error', ignore);
    socket.end(rawErrorResponse(new MethodNotAllowedError(`${req.method ?? 'CONNECT'} is not allowed`, ALLOWED_METHODS)));
  };

  /**
   * `Upgrade` requests, which Node hands over with the client's socket and no response object.
   * A WebSocket handshake (RFC 6455 §4.1) is routed exactly as a request, checked by the
   * route's auth, captured, and proxied by the route's target; the exchange stays in flight
   * until its tunnel closes, so a graceful close waits for open WebSockets up to the drain
   * timeout and then cuts them. Sluice's own endpoints and targets that cannot hold a
   * connection (Lambda) refuse it with a JSON error. Other protocols are not upgraded at all.
   */
  readonly #onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node removed its own listeners from the socket: a reset must not become an uncaught error.
    socket.on('error', ignore);
    if (!isWebSocketUpgrade(req.rawHeaders)) {
      this.#serveWithoutUpgrade(req, socket as Socket);
      return;
    }
    const method = req.method ?? 'GET';
    const refuse = (route: string, error: SluiceError): void => {
      this.metrics.observe(route, method, error.statusCode, undefined);
      void this.#writeUpgradeError(socket, error, undefined, route);
    };
    if (this.#state !== 'listening') return refuse('', new ClosedError('the gateway is shutting down'));
    const routed = this.#route(req);
    if (routed instanceof SluiceError) return refuse('', routed);
    const { host, path, query, internal, matched } = routed;
    if (internal !== undefined) return refuse('', new UpgradeNotSupportedError(`${path} does not upgrade`));
    if (matched === undefined) return refuse('', new RouteNotFoundError(`no route for ${method} ${path}`));
    const route = matched.route;
    const name = route.config.name;
    const problem = webSocketHandshakeProblem({
      method,
      httpVersionMajor: req.httpVersionMajor,
      httpVersionMinor: req.httpVersionMinor,
      rawHeaders: req.rawHeaders,
    });
    if (problem !== undefined) return refuse(name, problem);
    const target = route.target;
    if (target.upgrade === undefined) return refuse(name, new UpgradeNotSupportedError(`route ${name} cannot upgrade the connection`));
    const capture = route.capture
      ? new CaptureTap(this.#policy, this.#sink, { route: name, method, host, path, query, rawHeaders: req.rawHeaders })
      : undefined;
    const exchange: UpgradeExchange = { req, socket, head, route: name, path, query, rest: matched.rest, capture, timeoutMs: route.timeoutMs };
    this.#inFlight += 1;
    target
      .upgrade(exchange)
      .then(
        (outcome) => {
          this.metrics.observe(name, method, outcome.status, outcome.targetSeconds);
          if (capture !== undefined && outcome.status !== 0) this.metrics.captured(name);
          if (outcome.tunnel === undefined) return undefined;
          this.metrics.webSocketOpened(name);
          return outcome.tunnel.finally(() => this.metrics.webSocketClosed(name));
        },
        (error: unknown) => this.#failUpgrade(exchange, error),
      )
      .finally(this.#exchangeDone);
  };

  /**
   * An `Upgrade` to another protocol (`h2c`…) is ignored, as RFC 9110 §7.8 allows, and the
   * request is served as an ordinary one on a connection that closes after the response. It is
   * never tunnelled: a tunnel to another protocol would carry later requests past routing, auth
   * and capture (and RFC 9113 §3.1 retired h2c upgrades). Node's parser has taken any body as
   * upgrade data, so a request that declares one is refused (501) instead.
   */
  #serveWithoutUpgrade(req: IncomingMessage, socket: Socket): void {
    if (declaresBody(req.rawHeaders)) {
      this.metrics.observe('', req.method ?? '', 501, undefined);
      void this.#writeUpgradeError(
        socket,
        new UpgradeNotSupportedError('only WebSocket upgrades are proxied; send this request without Upgrade'),
        undefined,
        '',
      );
      return;
    }
    const res = new GatewayResponse(req);
    res.shouldKeepAlive = false;
    res.assignSocket(socket);
    res.once('finish', () => {
      res.detachSocket(socket);
      socket.once('finish', () => socket.destroy());
      socket.end();
    });
    this.#onRequest(req, res);
  }

  async #failUpgrade(exchange: UpgradeExchange, error: unknown): Promise<void> {
    const failure = asSluiceError(error);
    const { route, socket } = exchange;
    const method = exchange.req.method ?? '';
    if (failure instanceof ClientAbortedError) {
      this.metrics.observe(route, method, 0, undefined);
      socket.destroy();
      return;
    }
    if (failure.statusCode >= 500) {
      this.#logger.warn({ err: failure, code: failure.code, route, method, path: exchange.path }, failure.message);
    }
    this.metrics.observe(route, method, failure.statusCode, undefined);
    // A capture that already failed is not tried again for the error that reports it.
    const capture = failure instanceof CaptureFailedError ? undefined : exchange.capture;
    if (await this.#writeUpgradeError(socket, failure, capture, route)) this.metrics.captured(route);
  }

  /** Answers an upgrade request with a JSON error and closes the connection; true when it was captured. */
  async #writeUpgradeError(socket: Duplex, error: SluiceError, capture: CaptureTap | undefined, route: string): Promise<boolean> {
    try {
      await writeError(new ResponseWriter(new SocketResponse(socket), capture, this.#onCaptureFailure), error);
      return capture !== undefined;
    } catch (writeFailure) {
      this.#logger.error({ err: writeFailure, route }, 'could not send the error response');
      socket.destroy();
      return false;
    }
  }

  readonly #exchangeDone = (): void => {
    this.#inFlight -= 1;
    if (this.#inFlight === 0) this.#drained?.();
  };

  async #fail(res: ServerResponse, exchange: Exchange | undefined, error: unknown, route: string): Promise<void> {
    const failure = asSluiceError(error);
    const method = exchange?.req.method ?? '';
    if (failure instanceof ClientAbortedError) {
      this.metrics.observe(route, method, 0, undefined);
      res.destroy();
      return;
    }
    if (failure.statusCode >= 500) {
      this.#logger.warn({ err: failure, code: failure.code, route, method, path: exchange?.path }, failure.message);
    }
    this.metrics.observe(route, method, failure.statusCode, undefined);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (exchange?.capture === undefined) {
      sendError(res, failure);
      return;
    }
    try {
      await writeError(new ResponseWriter(res, exchange.capture, this.#onCaptureFailure), failure);
      if (!this.#failedCaptures.has(exchange.capture)) this.metrics.captured(route);
    } catch (writeFailure) {
      this.#logger.error({ err: writeFailure, route }, 'could not send the error response');
      res.destroy();
    }
  }

  readonly #onClientError = (error: Error & { code?: string; rawPacket?: Buffer }, socket: Socket): void => {
    // Malformed HTTP never reaches a route: answer 400 (431 for oversized headers) and hang up.
    // A malformed chunk in a request body can arrive after the response began: an error written
    // now would land inside that response's body, so the connection is cut instead.
    const current = this.#responses.get(socket);
    if (error.code === 'ECONNRESET' || !socket.writable || (current?.headersSent === true && !current.writableFinished)) {
      socket.destroy();
      return;
    }
    // Node's parser refuses versions it does not speak before any request exists; a
    // well-formed version with another major number (HTTP/3.0, HTTP/9.9) is answered 505.
    const version = error.code === 'HPE_INVALID_VERSION' ? unsupportedVersion(error.rawPacket) : undefined;
    if (version !== undefined) {
      socket.end(rawErrorResponse(new HttpVersionNotSupportedError(`${version} is not supported here; use HTTP/1.1`)));
      return;
    }
    const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
    const code: SluiceErrorCode = status === 431 ? 'SLUICE_HTTP_431' : status === 408 ? 'SLUICE_HTTP_408' : 'SLUICE_BAD_REQUEST';
    const body = JSON.stringify({ error: { code, message: `malformed HTTP request (${error.code ?? 'parse error'})` } });
    socket.end(
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  };
}

function ignore(): void {}

/** Never called: without a queue no route captures (the constructor refuses that configuration). */
function noQueue(): Promise<never> {
  return Promise.reject(new SluiceError('no queue for captures'));
}

/** The first `HTTP/x.y` of a request line in `packet` whose major version is not 1, if any. */
function unsupportedVersion(packet: Buffer | undefined): string | undefined {
  if (packet === undefined) return undefined;
  for (const match of packet.toString('latin1').matchAll(/ (HTTP\/(\d)\.\d)\r?\n/g)) {
    if (match[2] !== '1') return match[1];
  }
  return undefined;
}
