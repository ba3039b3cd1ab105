import { errorCode, ListenError } from '../core/errors.js';

/** Where a listener was asked to bind, and how the user chooses another address. */
export interface ListenTarget {
  /** What listens: `gateway`, `metrics`, `example API`… */
  readonly what: string;
  readonly host: string;
  readonly port: number;
  /** How to choose another port: `--port PORT or listen.port in the configuration`. */
  readonly choose: string;
}

/**
 * Turns a failed `listen()` into one line a person can act on: which address, why, and how to
 * choose another. Other errors are returned as they are.
 *
 * @example
 * ```ts
 * await gateway.listen().catch((error) => { throw listenFailure(error, { what: 'gateway', host, port, choose: '--port PORT' }) });
 * ```
 */
export function listenFailure(error: unknown, target: ListenTarget): unknown {
  const code = errorCode(error);
  const address = `${target.host.includes(':') ? `[${target.host}]` : target.host}:${target.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new ListenError(
        `the ${target.what} cannot listen on ${address}: the port is already in use by another process; choose another with ${target.choose}`,
        code,
        { cause: error },
      );
    case 'EACCES':
      return new ListenError(
        `the ${target.what} cannot listen on ${address}: permission denied${target.port < 1024 ? ' (ports below 1024 need privileges)' : ''}; choose another port with ${target.choose}`,
        code,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
      return new ListenError(`the ${target.what} cannot listen on ${address}: no network interface of this machine has the address ${target.host}`, code, {
        cause: error,
      });
    case undefined: // not a system error
    default:
      return error;
  }
}
