// Errors of calling an API wrongly: an argument the API does not accept.
import { SluiceError } from './base.js';

/**
 * A caller passed an argument the API does not accept (a batch size out of range, a negative
 * visibility timeout, an id that is not a string…). Raised before any I/O, so nothing was sent,
 * received or changed; the caller's bug, never retried. Named after undici's
 * `InvalidArgumentError` (`UND_ERR_INVALID_ARG`).
 *
 * @example
 * ```ts
 * await queue.receive({ maxMessages: 0 }).catch((err) => {
 *   if (err instanceof InvalidArgumentError) console.error(err.message); // maxMessages must be…
 * });
 * ```
 */
export class InvalidArgumentError extends SluiceError {
  override readonly name = 'InvalidArgumentError';
  override readonly code = 'SLUICE_INVALID_ARGUMENT';
  override readonly statusCode = 400;
}

/**
 * A replay was asked for while another runs in the same process. One at a time, so that two
 * clicks in the dashboard do not double the load on the target; try again when it ends.
 *
 * @example
 * ```ts
 * if (running) throw new ReplayBusyError();
 * ```
 */
export class ReplayBusyError extends SluiceError {
  override readonly name = 'ReplayBusyError';
  override readonly code = 'SLUICE_REPLAY_BUSY';
  override readonly statusCode = 409;

  constructor(message = 'a replay is already running in this process; try again when it has finished') {
    super(message);
  }
}
