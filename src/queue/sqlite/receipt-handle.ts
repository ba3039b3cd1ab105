import { randomFillSync } from 'node:crypto';
import { ReceiptHandleError } from '../../core/errors.js';

/**
 * Receipt handles of the embedded driver: `r2.<token>.<seq>`. The token is drawn at random for
 * each receive and stored on the row, so a handle names both the message (any handle of it can
 * delete it) and the receive (only the latest one may change its visibility). The message is
 * named by its row's primary key rather than its id: acknowledging then costs no lookup in the
 * id index. Callers treat the string as opaque.
 */
const PREFIX = 'r2.';
const SEQ = /^[1-9][0-9]{0,15}$/;
const TOKEN_LENGTH = 12;
const TOKEN = /^[A-Za-z0-9_-]{12}$/;
const TOKEN_BYTES = 9;
/** Random bytes drawn ahead for 256 tokens: one call to the system's generator instead of one per receive. */
const pool = Buffer.alloc(TOKEN_BYTES * 256);
let poolOffset = pool.length;

/** @internal The two parts of a receipt handle. */
export interface ReceiptHandleParts {
  readonly token: string;
  /** The message's row. */
  readonly seq: number;
}

/**
 * A fresh receive token (72 random bits, base64url). One token serves a whole receive: the
 * handle pairs it with each message's id.
 *
 * @internal
 * @example
 * ```ts
 * newReceiptToken().length; // 12
 * ```
 */
export function newReceiptToken(): string {
  if (poolOffset === pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const token = pool.toString('base64url', poolOffset, poolOffset + TOKEN_BYTES);
  poolOffset += TOKEN_BYTES;
  return token;
}

/**
 * Builds the handle for one received message.
 *
 * @internal
 * @example
 * ```ts
 * formatReceiptHandle('AAAAAAAAAAAA', 42); // 'r2.AAAAAAAAAAAA.42'
 * ```
 */
export function formatReceiptHandle(token: string, seq: number): string {
  return `${PREFIX}${token}.${seq}`;
}

/**
 * Splits a handle into token and seq; anything else throws `ReceiptHandleError`.
 *
 * @internal
 * @example
 * ```ts
 * parseReceiptHandle('r2.AAAAAAAAAAAA.42'); // { token: 'AAAAAAAAAAAA', seq: 42 }
 * ```
 */
export function parseReceiptHandle(handle: unknown): ReceiptHandleParts {
  if (typeof handle !== 'string' || !handle.startsWith(PREFIX)) throw malformed();
  const tokenEnd = PREFIX.length + TOKEN_LENGTH;
  const token = handle.slice(PREFIX.length, tokenEnd);
  const seq = handle.slice(tokenEnd + 1);
  if (!TOKEN.test(token) || handle[tokenEnd] !== '.' || !SEQ.test(seq) || !Number.isSafeInteger(Number(seq))) throw malformed();
  return { token, seq: Number(seq) };
}

function malformed(): ReceiptHandleError {
  return new ReceiptHandleError('malformed receipt handle');
}
