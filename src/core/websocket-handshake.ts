import { BadRequestError, UpgradeNotSupportedError, type SluiceError } from './errors.js';
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
 * Why an `Upgrade` request cannot be proxied as a WebSocket handshake, or undefined when it can.
 * Only `Upgrade: websocket` is accepted, alone: other protocols are refused (501) rather than
 * tunnelled, since a tunnel to another protocol such as `h2c` would let the client send further
 * requests straight to the upstream, past routing, auth and capture (and RFC 9113 §3.1 retired
 * h2c upgrades). RFC 6455 §4.1 requires a GET over HTTP/1.1 without a body (400 otherwise); the
 * rest of the handshake (`Sec-WebSocket-Key`, `-Version`) is the upstream's to judge.
 *
 * @example
 * ```ts
 * webSocketHandshakeProblem({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Upgrade', 'websocket'] }); // undefined
 * webSocketHandshakeProblem({ method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, rawHeaders: ['Upgrade', 'h2c'] })?.code; // 'SLUICE_UPGRADE_NOT_SUPPORTED'
 * ```
 */
export function webSocketHandshakeProblem(req: UpgradeRequestHead): SluiceError | undefined {
  const protocol = findHeader(req.rawHeaders, 'upgrade')?.trim().toLowerCase();
  if (protocol !== 'websocket') {
    return new UpgradeNotSupportedError(`only WebSocket upgrades are proxied (Upgrade: ${protocol ?? 'missing'}); send the request without Upgrade`);
  }
  if (req.method !== 'GET') return new BadRequestError(`a WebSocket handshake must be a GET, not ${req.method}`);
  if (req.httpVersionMajor !== 1 || req.httpVersionMinor < 1) {
    return new BadRequestError(`a WebSocket handshake needs HTTP/1.1, not HTTP/${req.httpVersionMajor}.${req.httpVersionMinor}`);
  }
  const length = findHeader(req.rawHeaders, 'content-length');
  if ((length !== undefined && length.trim() !== '0') || findHeader(req.rawHeaders, 'transfer-encoding') !== undefined) {
    return new BadRequestError('a WebSocket handshake has no body');
  }
  return undefined;
}
