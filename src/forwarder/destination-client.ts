import type { IncomingHttpHeaders } from 'node:http';
import { performance } from 'node:perf_hooks';
import type * as Undici from 'undici';
import type { Dispatcher, Pool } from 'undici';
import type { Deliverable } from '../core/capture-record.js';
import { DestinationTimeoutError } from '../core/errors.js';
import { classifyError, classifyStatus, type DeliveryFailure } from './failure.js';
import { parseRetryAfter } from './retry-after.js';
import type { WebhookSigner } from './signing.js';

/** The outcome of one POST to the destination. */
export type AttemptResult =
  | { readonly ok: true; readonly status: number; readonly durationMs: number }
  | { readonly ok: false; readonly failure: DeliveryFailure; readonly durationMs: number }
  /** The request was cut short by `destroy()` (stop with `abort`). */
  | { readonly ok: false; readonly aborted: true; readonly durationMs: number };

export interface DestinationClientOptions {
  readonly url: string;
  /** One deadline for the whole exchange (connect, send, answer), milliseconds. */
  readonly timeoutMs: number;
  /** Keep-alive connections to keep: the forwarder's concurrency, so no request waits for a socket. */
  readonly connections: number;
  readonly signer: WebhookSigner;
  readonly userAgent: string;
  /** Extra headers from the configuration (e.g. a destination API key). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Response bodies are only read to keep the connection reusable; past this the connection is cut. */
const MAX_RESPONSE_BYTES = 64 * 1024;

let undici: Promise<typeof Undici.default> | undefined;

/**
 * undici is loaded with the first delivery, not with the module: evaluating it took longer than
 * the SQS client's whole import, and the forwarder function's init pays for every module it
 * loads (issue 12 §4). Its `default` export is its `module.exports` both in Node and in the
 * function's bundle, where the chunk esbuild splits off for this import() exports nothing else.
 */
function loadUndici(): Promise<typeof Undici.default> {
  undici ??= import('undici').then((module) => module.default);
  return undici;
}

/**
 * POSTs records to the destination over a keep-alive undici pool, signed per Standard Webhooks,
 * and classifies the answer. It never throws for a delivery problem: every outcome is a value.
 *
 * Requests go through undici's dispatch API with a small handler rather than `request()`: the
 * answer's body is never used, so no stream is built for it, and the deadline is one timer per
 * request instead of an AbortController (this is the forwarder's hot path).
 *
 * @example
 * ```ts
 * const client = new DestinationClient({ url, timeoutMs: 10_000, connections: 16, signer, userAgent: 'sluice/1.0.0' });
 * const result = await client.post(toDeliverable(message.body));
 * if (result.ok) await queue.delete(message.receiptHandle);
 * await client.close();
 * ```
 */
export class DestinationClient {
  readonly #origin: string;
  readonly #poolOptions: Pool.Options;
  #pool: Pool | undefined;
  #opening: Promise<Pool> | undefined;
  readonly #path: string;
  readonly #staticHeaders: Readonly<Record<string, string>>;
  readonly #signer: WebhookSigner;
  readonly #timeoutMs: number;
  #destroyed = false;

  constructor(options: DestinationClientOptions) {
    const url = new URL(options.url);
    this.#path = `${url.pathname}${url.search}`;
    this.#timeoutMs = options.timeoutMs;
    this.#signer = options.signer;
    this.#origin = url.origin;
    this.#poolOptions = {
      connections: options.connections,
      pipelining: 1,
      connect: { timeout: options.timeoutMs },
      // Backstops only: the handler's own deadline ends the request first.
      headersTimeout: options.timeoutMs + 1_000,
      bodyTimeout: options.timeoutMs + 1_000,
    };
    // Configured headers first: the protocol headers below must not be overridden by mistake.
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    if (url.username !== '' && headers.authorization === undefined) {
      const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    }
    headers['content-type'] = 'application/json';
    headers['user-agent'] = options.userAgent;
    this.#staticHeaders = headers;
  }

  /** POSTs one record and resolves with the outcome. */
  post(deliverable: Deliverable): Promise<AttemptResult> {
    const started = performance.now();
    if (this.#destroyed) return Promise.resolve({ ok: false, aborted: true, durationMs: 0 });
    const pool = this.#pool;
    if (pool === undefined) return this.#open().then(() => this.post(deliverable));
    const now = new Date();
    const headers: Record<string, string> = {
      ...this.#staticHeaders,
      'webhook-id': deliverable.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    };
    const signature = this.#signer.sign(deliverable.id, now, deliverable.json);
    if (signature !== undefined) headers['webhook-signature'] = signature;
    return new Promise((resolve) => {
      const handler = new AttemptHandler(started, this.#timeoutMs, () => this.#destroyed, resolve);
      pool.dispatch({ path: this.#path, method: 'POST', headers, body: deliverable.json }, handler);
    });
  }

  /** Lets open requests finish, then closes the connections. */
  async close(): Promise<void> {
    const pool = await this.#opening;
    if (pool !== undefined && !pool.closed && !pool.destroyed) await pool.close();
  }

  /** Closes every connection now; open requests end as `aborted`. */
  async destroy(): Promise<void> {
    this.#destroyed = true;
    const pool = await this.#opening;
    if (pool !== undefined && !pool.destroyed) await pool.destroy();
  }

  #open(): Promise<Pool> {
    this.#opening ??= loadUndici().then(({ Pool }) => (this.#pool = new Pool(this.#origin, this.#poolOptions)));
    return this.#opening;
  }
}

/** Follows one request: status and headers, the body discarded, one deadline. */
class AttemptHandler implements Dispatcher.DispatchHandler {
  readonly #started: number;
  readonly #destroyed: () => boolean;
  readonly #resolve: (result: AttemptResult) => void;
  readonly #timer: NodeJS.Timeout;
  #controller: Dispatcher.DispatchController | undefined;
  #timedOut: DestinationTimeoutError | undefined;
  #status = 0;
  #headers: IncomingHttpHeaders = {};
  #bytes = 0;
  #settled = false;

  constructor(started: number, timeoutMs: number, destroyed: () => boolean, resolve: (result: AttemptResult) => void) {
    this.#started = started;
    this.#destroyed = destroyed;
    this.#resolve = resolve;
    this.#timer = setTimeout(() => {
      this.#timedOut = new DestinationTimeoutError(`no complete answer within ${timeoutMs} ms`);
      // Before the request reached a socket there is nothing to abort yet: onRequestStart does.
      this.#controller?.abort(this.#timedOut);
    }, timeoutMs);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#timedOut) controller.abort(this.#timedOut);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    this.#status = statusCode;
    this.#headers = headers;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#bytes += chunk.length;
    if (this.#bytes > MAX_RESPONSE_BYTES) {
      // The answer is known; a long body is not worth reading. The connection is dropped.
      this.#finish();
      controller.abort(new Error('response body not read past 64 KiB'));
    }
  }

  onResponseEnd(): void {
    this.#finish();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settle(
      this.#destroyed() && !this.#timedOut
        ? { ok: false, aborted: true, durationMs: this.#elapsed() }
        : { ok: false, failure: classifyError(this.#timedOut ?? error), durationMs: this.#elapsed() },
    );
  }

  #finish(): void {
    if (this.#settled) return;
    const status = this.#status;
    const durationMs = this.#elapsed();
    if (status >= 200 && status <= 299) return this.#settle({ ok: true, status, durationMs });
    if (isAbortMessage(this.#headers['webhook-delivery'])) {
      return this.#settle({
        ok: false,
        failure: { class: 'abort_message', status, message: `HTTP ${status} with webhook-delivery: abort-message` },
        durationMs,
      });
    }
    this.#settle({ ok: false, failure: classifyStatus(status, parseRetryAfter(this.#headers['retry-after'])), durationMs });
  }

  #settle(result: AttemptResult): void {
    this.#settled = true;
    clearTimeout(this.#timer);
    this.#resolve(result);
  }

  #elapsed(): number {
    return performance.now() - this.#started;
  }
}

function isAbortMessage(value: string | string[] | undefined): boolean {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.some((item) => item.trim().toLowerCase() === 'abort-message');
}
