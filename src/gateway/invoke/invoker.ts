/** One synchronous invocation, whatever runs the function (AWS, an emulator, a handler file). */
export interface InvokeRequest {
  readonly functionName: string;
  readonly qualifier?: string;
  /** The event's JSON. */
  readonly payload: string;
  readonly timeoutMs: number;
}

/** What the function returned; `functionError` (`Unhandled`, `Handled`) when it failed. */
export interface InvokeResponse {
  /** The function's response (or error) as JSON text. */
  readonly payload: string;
  readonly functionError?: string;
}

/**
 * Runs functions for a `lambda` target. Failures of the function itself are responses with
 * `functionError`; failures to run it at all (throttled, timed out, unreachable) are thrown as
 * Sluice errors. An invoker never retries: a request invokes its function at most once.
 */
export interface Invoker {
  invoke(request: InvokeRequest): Promise<InvokeResponse>;
  /** Releases connections and workers. Idempotent. */
  close(): Promise<void>;
}
