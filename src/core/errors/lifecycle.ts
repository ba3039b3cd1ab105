// Errors of starting and stopping: a listener that cannot bind, a call after `close()`.
import { SluiceError } from './base.js';

/**
 * A listener could not bind its address (in use, or a privileged port): the environment's
 * problem, not the configuration's, so the CLI exits with 1. The message names the address and
 * how to choose another.
 */
export class ListenError extends SluiceError {
  override readonly name = 'ListenError';
  override readonly code = 'SLUICE_LISTEN_FAILED';
  /** The system's code: `EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`… */
  readonly reason: string;

  constructor(message: string, reason: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** A call on a queue, server or client after `close()`/`destroy()`. */
export class ClosedError extends SluiceError {
  override readonly name = 'ClosedError';
  override readonly code = 'SLUICE_CLOSED';
  override readonly statusCode = 503;
}
