// Reading what was thrown. A `catch` gets `unknown`: a Sluice error, a Node system error, an
// undici or AWS SDK error, a DOMException, or anything at all. These helpers are the one place
// that looks inside it, so no call site casts.

/** How far {@link errorChain} follows `cause`: wrappers nest two or three deep, never more. */
const MAX_CHAIN_LENGTH = 8;

/** Node's `AbortError` (`ABORT_ERR`) and undici's `RequestAbortedError`. */
const ABORT_CODES: ReadonlySet<string> = new Set(['ABORT_ERR', 'UND_ERR_ABORTED']);

/**
 * The thrown value followed by its `cause`, the cause's cause…, outermost first (at most 8, so
 * a cycle ends).
 *
 * @example
 * ```ts
 * const socket = Object.assign(new Error('refused'), { code: 'ECONNREFUSED' });
 * errorChain(new TypeError('fetch failed', { cause: socket })).length; // 2
 * ```
 */
export function errorChain(thrown: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let link = thrown; link !== undefined && link !== null && chain.length < MAX_CHAIN_LENGTH; link = ownProperty(link, 'cause')) {
    if (chain.includes(link)) break;
    chain.push(link);
  }
  return chain;
}

/**
 * The string `code` of a thrown value (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`,
 * `SQLITE_FULL`, `SLUICE_QUEUE_FULL`…), or, when it has none, the first one along its `cause`
 * chain: undici and `fetch` wrap the system error that says what happened. Numeric codes
 * (a DOMException's legacy `code`) are not codes in this sense and are skipped.
 *
 * @example
 * ```ts
 * errorCode(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })); // 'ECONNREFUSED'
 * errorCode(new TypeError('fetch failed', { cause: Object.assign(new Error('x'), { code: 'ENOTFOUND' }) })); // 'ENOTFOUND'
 * errorCode('plain text'); // undefined
 * ```
 */
export function errorCode(thrown: unknown): string | undefined {
  for (const link of errorChain(thrown)) {
    const code = ownProperty(link, 'code');
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}

/**
 * The `name` of a thrown value itself (`AbortError`, `TimeoutError`, `ThrottlingException`…),
 * or `undefined` when it has no string name.
 *
 * @example
 * ```ts
 * errorName(AbortSignal.abort().reason); // 'AbortError'
 * ```
 */
export function errorName(thrown: unknown): string | undefined {
  const name = ownProperty(thrown, 'name');
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/**
 * True when the value is the rejection of an aborted operation: a DOMException or Node
 * `AbortError`, undici's `UND_ERR_ABORTED`, the AWS SDK's `AbortError`. Whether the abort was a
 * timeout is {@link isTimeout}'s question; ask it first.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * controller.abort();
 * isAbortError(controller.signal.reason); // true
 * ```
 */
export function isAbortError(thrown: unknown): boolean {
  if (errorName(thrown) === 'AbortError') return true;
  const code = ownProperty(thrown, 'code');
  return typeof code === 'string' && ABORT_CODES.has(code);
}

/**
 * Normalises anything thrown into an `Error` with a message, for logs and DLQ reasons.
 *
 * @example
 * ```ts
 * toError('disk full').message; // 'disk full'
 * ```
 */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  return new Error(typeof value === 'string' ? value : JSON.stringify(value));
}

/** A property of anything, read without a cast (and without throwing on primitives). */
function ownProperty(value: unknown, key: 'code' | 'name' | 'cause'): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}
