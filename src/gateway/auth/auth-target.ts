import type { AuthConfig } from '../../core/config-schema.js';
import type { IncomingMessage } from 'node:http';
import { AuthBusyError, AuthRateLimitedError, UnauthorizedError, UpgradeNotSupportedError, type SluiceError } from '../../core/errors.js';
import { findHeader } from '../../core/headers.js';
import { silentLogger, type Logger } from '../../telemetry/logger.js';
import { writeBuffered } from '../buffered-response.js';
import type { CaptureTap } from '../capture-tap.js';
import { errorBody, errorHeaders } from '../error-response.js';
import { ResponseWriter, type CaptureFailureHandler, type ResponseSink } from '../response-writer.js';
import { SocketResponse } from '../socket-response.js';
import type { Exchange, ExchangeOutcome, Target, UpgradeExchange, UpgradeOutcome } from '../target.js';
import { BasicAuthenticator, type AuthVerdict } from './basic-auth.js';
import type { FailureCount } from './failure-limiter.js';
import { LogThrottle } from './log-throttle.js';
import { acquirePasswordPool } from './password-pool.js';

export interface AuthTargetOptions {
  readonly onCaptureFailure: CaptureFailureHandler;
  /** Where refused logins are reported (at most one line a second of each kind). */
  readonly logger?: Logger;
  /** Called once by `close()`, after the target is closed: gives back what the authenticator holds. */
  readonly release?: () => Promise<void>;
}

/**
 * A route's target behind its `auth`: the request reaches the target only with valid
 * credentials. Otherwise 401 with `WWW-Authenticate`; 429 with `Retry-After` for a client
 * address over its failure limit; 503 with `Retry-After` when the password checks are saturated.
 * Each is written through a ResponseWriter, so a captured route records the refusal too.
 * WebSocket handshakes pass the same check before anything is sent upstream, and are refused
 * the same way, without upgrading.
 *
 * Wrong credentials are logged at warn with the route and the client's address, never the
 * credentials (not even the user name, which is sometimes a password typed in the wrong field).
 *
 * @example
 * ```ts
 * const lease = acquirePasswordPool();
 * const target = new AuthTarget(inner, new BasicAuthenticator(route.auth, { verifier: lease }), { onCaptureFailure, logger, release: lease.release });
 * ```
 */
export class AuthTarget implements Target {
  readonly #inner: Target;
  readonly #basic: BasicAuthenticator;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #logger: Logger;
  readonly #release: (() => Promise<void>) | undefined;
  readonly #failureLog = new LogThrottle();
  readonly #limitLog = new LogThrottle();
  readonly #busyLog = new LogThrottle();
  #closing: Promise<void> | undefined;

  constructor(inner: Target, basic: BasicAuthenticator, options: AuthTargetOptions) {
    this.#inner = inner;
    this.#basic = basic;
    this.#onCaptureFailure = options.onCaptureFailure;
    this.#logger = options.logger ?? silentLogger();
    this.#release = options.release;
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    return (await this.#refusal(exchange.req, exchange.route, exchange.res, exchange.capture)) ?? this.#inner.handle(exchange);
  }

  async upgrade(exchange: UpgradeExchange): Promise<UpgradeOutcome> {
    const refused = await this.#refusal(exchange.req, exchange.route, new SocketResponse(exchange.socket), exchange.capture);
    if (refused !== undefined) return refused;
    if (this.#inner.upgrade === undefined) throw new UpgradeNotSupportedError('this route\'s target cannot upgrade the connection');
    return this.#inner.upgrade(exchange);
  }

  /** Answers 401, 429 or 503 and returns its outcome, or undefined when the credentials are valid. */
  async #refusal(req: IncomingMessage, route: string, sink: ResponseSink, capture: CaptureTap | undefined): Promise<ExchangeOutcome | undefined> {
    const address = req.socket.remoteAddress;
    let verdict: AuthVerdict;
    try {
      verdict = await this.#basic.authenticate(findHeader(req.rawHeaders, 'authorization'), address);
    } catch (error) {
      if (!(error instanceof AuthBusyError)) throw error;
      const suppressed = this.#busyLog.take();
      if (suppressed !== undefined) this.#logger.warn({ route, client: address, suppressed }, 'password checks saturated; answering 503');
      return this.#refuse(sink, capture, error, ['Retry-After', String(error.retryAfterSeconds)]);
    }
    switch (verdict.outcome) {
      case 'allowed':
        return undefined;
      case 'limited':
        return this.#refuse(sink, capture, new AuthRateLimitedError('too many failed logins from this address; try again later', verdict.retryAfterSeconds), [
          'Retry-After',
          String(verdict.retryAfterSeconds),
        ]);
      case 'denied':
        this.#logFailure(route, address, verdict.failure);
        break;
      case 'missing':
        break;
    }
    return this.#refuse(sink, capture, new UnauthorizedError('valid credentials are required'), ['WWW-Authenticate', this.#basic.challenge]);
  }

  /** Closes the target, then gives back the password pool. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await this.#inner.close();
      } finally {
        await this.#release?.();
      }
    })();
    return this.#closing;
  }

  #logFailure(route: string, address: string | undefined, failure: FailureCount | undefined): void {
    if (failure?.limitReached === true) {
      const suppressed = this.#limitLog.take();
      if (suppressed !== undefined) {
        this.#logger.warn(
          { route, client: address, failures: failure.failures, retry_after_s: failure.windowLeftSeconds, suppressed },
          'too many wrong credentials from one address; refusing it with 429 until its window ends',
        );
      }
      return;
    }
    const suppressed = this.#failureLog.take();
    if (suppressed !== undefined) this.#logger.warn({ route, client: address, failures: failure?.failures, suppressed }, 'wrong credentials');
  }

  async #refuse(sink: ResponseSink, capture: CaptureTap | undefined, error: SluiceError, headers: string[]): Promise<ExchangeOutcome> {
    const body = errorBody(error);
    await writeBuffered(new ResponseWriter(sink, capture, this.#onCaptureFailure), { status: error.statusCode, rawHeaders: [...errorHeaders(error, body), ...headers], body });
    return { status: error.statusCode };
  }
}

/**
 * The target itself when the route has no `auth`, else the target behind it. A route with
 * `auth` holds the process's password pool until the target is closed.
 *
 * @example
 * ```ts
 * const target = withAuth(createTarget(route.target, context), route.auth, context);
 * ```
 */
export function withAuth(target: Target, auth: AuthConfig | undefined, options: { onCaptureFailure: CaptureFailureHandler; logger?: Logger }): Target {
  if (auth === undefined) return target;
  switch (auth.type) {
    case 'basic': {
      const lease = acquirePasswordPool();
      return new AuthTarget(target, new BasicAuthenticator(auth, { verifier: lease }), {
        onCaptureFailure: options.onCaptureFailure,
        ...(options.logger !== undefined && { logger: options.logger }),
        release: lease.release,
      });
    }
  }
}
