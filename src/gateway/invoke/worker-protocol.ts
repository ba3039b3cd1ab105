/** Messages between the worker pool and its handler workers. */

/** Fixed for a worker's life: what to load and what the Lambda context reports. */
export interface HandlerWorkerData {
  /** `file:` URL of the handler module. */
  readonly moduleUrl: string;
  readonly exportName: string;
  /** `file.export`, as `_HANDLER` and error messages show it. */
  readonly handlerName: string;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  /** Largest response payload Lambda returns (6 MB). */
  readonly maxResponseBytes: number;
  /**
   * One slot per invocation handed over and not yet started (`id % length`), holding its id:
   * the worker claims an invocation by swapping its id for 0 before it starts it, and the pool
   * takes one back (for another worker, a reload, a throttle) by the same swap. Whichever swaps
   * first owns it, so an invocation never runs twice and never runs after it was taken back.
   */
  readonly claims: SharedArrayBuffer;
}

/**
 * Pool → worker: invocations to run one after the other, in order. A busy server hands a worker
 * several at once, so that the worker wakes once for all of them rather than once for each.
 * Flat, `INVOCATION_FIELDS` entries per invocation (`id, awsRequestId, payload, timeoutMs`):
 * plain values clone between threads for much less than objects do.
 */
export type InvocationBatch = readonly (string | number)[];

/** Entries per invocation in an `InvocationBatch`. */
export const INVOCATION_FIELDS = 4;

/** One invocation of a batch, as the worker reads it. */
export interface InvocationMessage {
  /** Unique in the pool; its claim slot is `id % claims.length`. */
  readonly id: number;
  readonly awsRequestId: string;
  /** The event, as the JSON Lambda would deliver. */
  readonly payload: string;
  /** The function's timeout, counted from when the handler is called (`getRemainingTimeInMillis`). */
  readonly timeoutMs: number;
}

/** An error as Lambda reports it in a function error's payload. */
export interface FunctionErrorPayload {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

/**
 * Worker → pool, once: the module's init (its import) is over, successful or not. Like Lambda,
 * init is not counted in the first invocation's timeout.
 */
export interface ReadyMessage {
  readonly ready: true;
}

/**
 * Worker → pool: the outcome of the invocation it ran, its response payload (JSON text) or an
 * error. A worker answers its invocations in the order it claimed them, so the answer needs no id.
 */
export type ResultMessage = string | FunctionErrorMessage;

/** A function error. */
export interface FunctionErrorMessage {
  readonly error: FunctionErrorPayload;
  /** The worker cannot serve again (its module failed to load). */
  readonly fatal?: boolean;
}
