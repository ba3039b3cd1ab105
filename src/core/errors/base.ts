import type { SluiceErrorCode } from './codes.js';

/**
 * Every error Sluice raises on purpose. Each carries a stable `code` (assert on it, not on the
 * message) and the HTTP status it maps to when it reaches a client.
 *
 * @example
 * ```ts
 * try { await queue.send({ body }) } catch (err) {
 *   if (err instanceof SluiceError && err.code === 'SLUICE_CLOSED') return;
 *   throw err;
 * }
 * ```
 */
export class SluiceError extends Error {
  override readonly name: string = 'SluiceError';
  readonly code: SluiceErrorCode = 'SLUICE_ERROR';
  readonly statusCode: number = 500;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** The JSON body a client receives for this error. */
  toJSON(): { error: { code: SluiceErrorCode; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}
