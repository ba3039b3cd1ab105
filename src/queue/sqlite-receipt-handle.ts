import { randomFillSync } from 'node:crypto';
import { ReceiptHandleError } from '../core/errors.js';

/**
 * Receipt handles of the embedded driver: `r1.<token>.<id>`. The token is drawn at random for
 * each receive and stored on the row, so a handle names both the message (any handle of it can
 * delete it) and the receive (only the latest one may change its visibility). Callers treat the
 * string as opaque.
 */
const PREFIX = 'r1.';
const TOKEN_LENGTH = 12;
const TOKEN = /^[A-Za-z0-9_-]{12}$/;
const TOKEN_BYTES = 9;
/** Random bytes drawn ahead for 256 tokens: one call to the system's generator instead of one per receive. */
const pool = Buffer.alloc(TOKEN_BYTES * 256);
let poolOffset = pool.length;

/** @internal The two parts of a receipt handle. */
export interface ReceiptHandleParts {
  readonly token: string;
  readonly id: string;
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
 * formatReceiptHandle('AAAAAAAAAAAA', 'msg-1'); // 'r1.AAAAAAAAAAAA.msg-1'
 * ```
 */
export function formatReceiptHandle(token: string, id: string): string {
  return `${PREFIX}${token}.${id}`;
}

/**
 * Splits a handle into token and id; anything else throws `ReceiptHandleError`.
 *
 * @internal
 * @example
 * ```ts
 * parseReceiptHandle('r1.AAAAAAAAAAAA.msg-1'); // { token: 'AAAAAAAAAAAA', id: 'msg-1' }
 * ```
 */
export function parseReceiptHandle(handle: unknown): ReceiptHandleParts {
  if (typeof handle !== 'string' || !handle.startsWith(PREFIX)) throw malformed();
  const tokenEnd = PREFIX.length + TOKEN_LENGTH;
  const token = handle.slice(PREFIX.length, tokenEnd);
  // The id comes last and may itself contain dots.
  if (!TOKEN.test(token) || handle[tokenEnd] !== '.' || handle.length === tokenEnd + 1) throw malformed();
  return { token, id: handle.slice(tokenEnd + 1) };
}

function malformed(): ReceiptHandleError {
  return new ReceiptHandleError('malformed receipt handle');
}
