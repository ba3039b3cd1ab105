import type { IncomingMessage, ServerResponse } from 'node:http';
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
  /** Raw path as the client sent it, without the query. */
  readonly path: string;
  /** Raw query string without `?` ('' when none). */
  readonly query: string;
  /** The path left after the route's matched prefix. */
  readonly rest: string;
  readonly capture: CaptureTap | undefined;
  readonly maxBodyBytes: number;
  readonly timeoutMs: number;
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
  /** Releases pooled connections. Idempotent. */
  close(): Promise<void>;
}
