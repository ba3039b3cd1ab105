// The `http` target's upstream (and the proxy function's backend) failed the exchange.
import { SluiceError } from './base.js';

/** The upstream refused or reset the connection, or answered something that is not HTTP (502). */
export class UpstreamUnreachableError extends SluiceError {
  override readonly name = 'UpstreamUnreachableError';
  override readonly code = 'SLUICE_UPSTREAM_UNREACHABLE';
  override readonly statusCode = 502;
}

/** The upstream gave no (complete) answer within the route's timeout (504; see `isTimeout`). */
export class UpstreamTimeoutError extends SluiceError {
  override readonly name = 'UpstreamTimeoutError';
  override readonly code = 'SLUICE_UPSTREAM_TIMEOUT';
  override readonly statusCode = 504;
}

/**
 * Every connection to the upstream was busy: too many requests already waited for one, or none
 * freed up within the route's timeout. The upstream never saw the request, so a retry is safe.
 */
export class UpstreamBusyError extends SluiceError {
  override readonly name = 'UpstreamBusyError';
  override readonly code = 'SLUICE_UPSTREAM_BUSY';
  override readonly statusCode = 503;
}

/** A request reached the proxy function for a method and resource its route map does not list. */
export class RouteNotMappedError extends SluiceError {
  override readonly name = 'RouteNotMappedError';
  override readonly code = 'SLUICE_ROUTE_NOT_MAPPED';
  override readonly statusCode = 502;
}
