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
}

/** Pool → worker: run one invocation. */
export interface InvocationMessage {
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

/** Worker → pool: the invocation's outcome. */
export type ResultMessage =
  | { readonly id: number; readonly payload: string }
  | { readonly id: number; readonly error: FunctionErrorPayload; /** The worker cannot serve again (its module failed to load). */ readonly fatal?: boolean };
