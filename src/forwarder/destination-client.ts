import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { Deliverable } from '../core/capture-record.js';
import { classifyError, classifyStatus, type DeliveryFailure } from './failure.js';
import { parseRetryAfter } from './retry-after.js';
import type { WebhookSigner } from './signing.js';

/** The outcome of one POST to the destination. */
export type AttemptResult =
  | { readonly ok: true; readonly status: number; readonly durationMs: number }
  | { readonly ok: false; readonly failure: DeliveryFailure; readonly durationMs: number }
  /** The request was cut short by the forwarder's own abort (stop with `abort`). */
  | { readonly ok: false; readonly aborted: true; readonly durationMs: number };

export interface DestinationClientOptions {
  readonly url: string;
  /** Per-request timeout (connect, headers, and between body chunks), milliseconds. */
  readonly timeoutMs: number;
  /** Keep-alive connections to keep: the forwarder's concurrency, so no request waits for a socket. */
  readonly connections: number;
  readonly signer: WebhookSigner;
  readonly userAgent: string;
  /** Extra headers from the configuration (e.g. a destination API key). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Response bodies are read only to keep the connection reusable; anything longer is dropped. */
const DUMP_LIMIT = 64 * 1024;

/**
 * POSTs records to the destination over a keep-alive undici pool, signed per Standard Webhooks,
 * and classifies the answer. It never throws for a delivery problem: every outcome is a value.
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
  readonly #pool: Pool;
  readonly #path: string;
  readonly #staticHeaders: Readonly<Record<string, string>>;
  readonly #signer: WebhookSigner;
  readonly #timeoutMs: number;

  constructor(options: DestinationClientOptions) {
    const url = new URL(options.url);
    this.#path = `${url.pathname}${url.search}`;
    this.#timeoutMs = options.timeoutMs;
    this.#signer = options.signer;
    this.#pool = new Pool(url.origin, {
      connections: options.connections,
      pipelining: 1,
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
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

  /** POSTs one record. `signal` aborts it (the result is then `aborted`). */
  async post(deliverable: Deliverable, signal?: AbortSignal): Promise<AttemptResult> {
    const started = performance.now();
    const now = new Date();
    const headers: Record<string, string> = {
      ...this.#staticHeaders,
      'webhook-id': deliverable.id,
      'webhook-timestamp': String(Math.floor(now.getTime() / 1000)),
    };
    const signature = this.#signer.sign(deliverable.id, now, deliverable.json);
    if (signature !== undefined) headers['webhook-signature'] = signature;
    // One deadline for the whole exchange (connect, headers and body): undici's own timeouts
    // are per phase and coarse (about a second), so a precise timer of our own ends it.
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`no complete answer within ${this.#timeoutMs} ms`, 'TimeoutError')), this.#timeoutMs);
    const onStop = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onStop, { once: true });
    try {
      if (signal?.aborted) return { ok: false, aborted: true, durationMs: 0 };
      const response = await this.#pool.request({
        path: this.#path,
        method: 'POST',
        headers,
        body: deliverable.json,
        signal: controller.signal,
      });
      await response.body.dump({ limit: DUMP_LIMIT });
      const durationMs = performance.now() - started;
      const status = response.statusCode;
      if (status >= 200 && status <= 299) return { ok: true, status, durationMs };
      if (isAbortMessage(response.headers['webhook-delivery'])) {
        return { ok: false, failure: { class: 'abort_message', status, message: `HTTP ${status} with webhook-delivery: abort-message` }, durationMs };
      }
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
      return { ok: false, failure: classifyStatus(status, retryAfterMs), durationMs };
    } catch (error) {
      const durationMs = performance.now() - started;
      if (signal?.aborted) return { ok: false, aborted: true, durationMs };
      const reason: unknown = controller.signal.aborted ? controller.signal.reason : error;
      return { ok: false, failure: classifyError(reason), durationMs };
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onStop);
    }
  }

  /** Lets open requests finish, then closes the connections. */
  async close(): Promise<void> {
    if (!this.#pool.closed && !this.#pool.destroyed) await this.#pool.close();
  }

  /** Closes every connection now; open requests fail. */
  async destroy(): Promise<void> {
    if (!this.#pool.destroyed) await this.#pool.destroy();
  }
}

function isAbortMessage(value: string | string[] | undefined): boolean {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.some((item) => item.trim().toLowerCase() === 'abort-message');
}
