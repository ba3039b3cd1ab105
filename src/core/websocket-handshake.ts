import { BadRequestError, type SluiceError } from './errors.js';
import { findHeader } from './headers.js';

/** The parts of an upgrade request the gateway checks before proxying it. */
export interface UpgradeRequestHead {
  readonly method: string;
  readonly httpVersionMajor: number;
  readonly httpVersionMinor: number;
  /** Flat `[name, value, …]` list as received. */
  readonly rawHeaders: readonly string[];
}

/**
 * True when the request asks for WebSocket and nothing else (`Upgrade: websocket`, any case).
 * A list that also offers another protocol (`h2c, websocket`) is not: the upstream could pick
 * the other one.
 *
 * @example
 * ```ts
 * isWebSocketUpgrade(['Upgrade', 'WebSocket']); // true
 * isWebSocketUpgrade(['Upgrade', 'h2c']); // false
 * ```
 */
export function isWebSocketUpgrade(rawHeaders: readonly string[]): boolean {
  return findHeader(rawHeaders, 'upgrade')?.trim().toLowerCase() === 'websocket';
}

/**
 * True when the request declares a body (a non-zero `Content-Length`, or `Transfer-Encoding`).
 *
 * @example
 * ```ts
 * declaresBody(['Content-Length', '0']); // false
 * ```
 */
export function declaresBody(rawHeaders: readonly string[]): boolean {
  const length = findHeader(rawHeaders, 'content-length');
  return (length !== undefined && length.trim() !== '0') || findHeader(rawHeaders, 'transfer-encoding') !== undefined;
}

/**
 * Why a WebSocket upgrade request cannot be proxied, or undefined when it can: RFC 6455 §4.1
 * requires a GET over HTTP/1.1, and the handshake has no body (400 otherwise). The rest of the
 * handshake (`Sec-WebSocket-Key`, `-Version`) is the upstream's to judge.
 *
 * @example
 * ```ts
 * webSocketHandshakeProblem({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Upgrade', 'websocket'] }); // undefined
 * webSocketHandshakeProblem({ method: 'POST', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: [] })?.code; // 'SLUICE_BAD_REQUEST'
 * ```
 */
export function webSocketHandshakeProblem(req: UpgradeRequestHead): SluiceError | undefined {
  if (req.method !== 'GET') return new BadRequestError(`a WebSocket handshake must be a GET, not ${req.method}`);
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) {
    return new BadRequestError(`a WebSocket handshake needs HTTP/1.1, not HTTP/${req.httpVersionMajor}.${req.httpVersionMinor}`);
  }
  if (declaresBody(req.rawHeaders)) return new BadRequestError('a WebSocket handshake has no body');
  return undefined;
}
