import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Authorizer } from '../core/authorizer.js';
import type { CaptureTap } from './capture-tap.js';

/**
 * One request on its way through a route. Targets read the request from `req`, answer through a
 * {@link ResponseWriter} (which holds the response's last byte until the capture is durable) and
 * report what happened.
 */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly route: string;
  /**
   * The normalised path, without the query (see `normalisePath`): dot segments removed,
   * unreserved characters decoded. Routing, auth and capture used this path, so the upstream
   * must receive it too.
   */
  readonly path: string;
  /** Raw query string without `?` ('' when none). */
  readonly query: string;
  /** The normalised path left after the route's matched prefix. */
  readonly rest: string;
  readonly capture: CaptureTap | undefined;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
  /** The longest wait for the client's next request-body bytes (`limits.body_timeout`). */
  readonly bodyTimeoutMs: number;
  /**
   * What the route's `auth` proved about the caller: a JWT's verified claims and scopes
   * (`$context.authorizer.claims.<name>` in `params`). Absent without `jwt` auth.
   */
  readonly authorizer?: Authorizer;
}

/**
 * One `Upgrade: websocket` request on its way through a route (RFC 6455 §4): Node has handed
 * over the client's socket, with no response object. The target answers on the socket: the
 * upstream's 101 followed by the tunnel, or a complete HTTP response and the end of the
 * connection.
 */
export interface UpgradeExchange {
  readonly req: IncomingMessage;
  /** The client's connection, detached from Node's HTTP parser. */
  readonly socket: Duplex;
  /** Bytes the client sent after its request head, to be passed on first. */
  readonly head: Buffer;
  readonly route: string;
  /** Path as routed, without the query. */
  readonly path: string;
  readonly query: string;
  /** The path left after the route's matched prefix. */
  readonly rest: string;
  /** Records the handshake (request head, the 101 or refusal); never the frames. */
  readonly capture: CaptureTap | undefined;
  /** How long the upstream may take to answer the handshake. */
  readonly timeoutMs: number;
}

/** What became of an upgrade request once its handshake was answered. */
export interface UpgradeOutcome extends ExchangeOutcome {
  /** Settles when both sides of the tunnel have closed; absent when the upgrade was refused. */
  readonly tunnel?: Promise<void>;
}

/** What a target did with an exchange, for metrics and logs. */
export interface ExchangeOutcome {
  /** The status sent to the client; 0 when the client went away first. */
  readonly status: number;
  /** Time spent waiting for the target (upstream, function…), in seconds; undefined when it was never reached. */
  readonly targetSeconds?: number;
}

/**
 * Where a route sends requests: an HTTP upstream today; Lambda functions and AWS services plug
 * in through the same interface.
 */
export interface Target {
  /** Answers the exchange completely (or fails it with a `SluiceError` before any byte is sent). */
  handle(exchange: Exchange): Promise<ExchangeOutcome>;
  /**
   * Proxies a WebSocket handshake and then the connection; absent when the target cannot hold a
   * connection open (Lambda). Rejects with a `SluiceError` only while nothing was written yet.
   */
  upgrade?(exchange: UpgradeExchange): Promise<UpgradeOutcome>;
  /** Releases pooled connections. Idempotent. */
  close(): Promise<void>;
}
