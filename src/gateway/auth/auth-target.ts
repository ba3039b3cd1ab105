import type { AuthConfig } from '../../core/config-schema.js';
import type { IncomingMessage } from 'node:http';
import {
  AuthBusyError,
  AuthRateLimitedError,
  AuthUnavailableError,
  ForbiddenError,
  UnauthorizedError,
  UpgradeNotSupportedError,
  type SluiceError,
} from '../../core/errors.js';
import { findHeader } from '../../core/headers.js';
import { silentLogger, type Logger } from '../../telemetry/logger.js';
import { writeBuffered } from '../buffered-response.js';
import type { CaptureTap } from '../capture-tap.js';
import { errorBody, errorHeaders } from '../error-response.js';
import { ResponseWriter, type CaptureFailureHandler, type ResponseSink } from '../response-writer.js';
import { SocketResponse } from '../socket-response.js';
import type { Exchange, ExchangeOutcome, Target, UpgradeExchange, UpgradeOutcome } from '../target.js';
import type { Authenticator, AuthVerdict } from './authenticator.js';
import { BasicAuthenticator } from './basic-auth.js';
import type { FailureCount } from './failure-limiter.js';
import { LogThrottle } from './log-throttle.js';
import { JwtAuthenticator } from './jwt-auth.js';
import { acquirePasswordPool } from './password-pool.js';

export interface AuthTargetOptions {
  readonly onCaptureFailure: CaptureFailureHandler;
  /** Where refused logins are reported (at most one line a second of each kind and reason). */
  readonly logger?: Logger;
  /** Called once by `close()`, after the target is closed: gives back what the authenticator holds. */
  readonly release?: () => Promise<void>;
}

/**
 * A route's target behind its `auth`: the request reaches the target only with valid
 * credentials, and carries what they proved (a JWT's claims) as `exchange.authorizer`. Otherwise
 * 401 with `WWW-Authenticate`; 403 for a token without the route's scopes; 429 with
 * `Retry-After` for a client address over its failure limit; 503 with `Retry-After` when the
 * password checks are saturated or the issuer's keys are out of reach.
 * Each is written through a ResponseWriter, so a captured route records the refusal too.
 * WebSocket handshakes pass the same check before anything is sent upstream, and are refused
 * the same way, without upgrading.
 *
 * Wrong credentials are logged at warn with the route, the client's address and, for tokens,
 * the reason (expired, wrong audience…), never the credentials (not even the user name, which is
 * sometimes a password typed in the wrong field); the client is never told the reason.
 *
 * @example
 * ```ts
 * const lease = acquirePasswordPool();
 * const target = new AuthTarget(inner, new BasicAuthenticator(route.auth, { verifier: lease }), { onCaptureFailure, logger, release: lease.release });
 * ```
 */
export class AuthTarget implements Target {
  readonly #inner: Target;
  readonly #auth: Authenticator;
  readonly #onCaptureFailure: CaptureFailureHandler;
  readonly #logger: Logger;
  readonly #release: (() => Promise<void>) | undefined;
  /** One throttle per refusal reason, so a flood of one kind never hides another. */
  readonly #failureLogs = new Map<string, LogThrottle>();
  readonly #limitLog = new LogThrottle();
  readonly #busyLog = new LogThrottle();
  #closing: Promise<void> | undefined;

  constructor(inner: Target, auth: Authenticator, options: AuthTargetOptions) {
    this.#inner = inner;
    this.#auth = auth;
    this.#onCaptureFailure = options.onCaptureFailure;
    this.#logger = options.logger ?? silentLogger();
    this.#release = options.release;
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    const verdict = await this.#verdict(exchange.req, exchange.route, exchange.res, exchange.capture);
    if ('status' in verdict) return verdict;
    return this.#inner.handle(verdict.authorizer === undefined ? exchange : { ...exchange, authorizer: verdict.authorizer });
  }

  async upgrade(exchange: UpgradeExchange): Promise<UpgradeOutcome> {
    const verdict = await this.#verdict(exchange.req, exchange.route, new SocketResponse(exchange.socket), exchange.capture);
    if ('status' in verdict) return verdict;
    if (this.#inner.upgrade === undefined) throw new UpgradeNotSupportedError("this route's target cannot upgrade the connection");
    return this.#inner.upgrade(exchange);
  }

  /** Answers 401, 403, 429 or 503 and returns its outcome, or the allowed verdict when the credentials are valid. */
  async #verdict(
    req: IncomingMessage,
    route: string,
    sink: ResponseSink,
    capture: CaptureTap | undefined,
  ): Promise<ExchangeOutcome | Extract<AuthVerdict, { outcome: 'allowed' }>> {
    const address = req.socket.remoteAddress;
    let verdict: AuthVerdict;
    try {
      verdict = await this.#auth.authenticate(findHeader(req.rawHeaders, 'authorization'), address);
    } catch (error) {
      if (!(error instanceof AuthBusyError || error instanceof AuthUnavailableError)) throw error;
      const suppressed = this.#busyLog.take();
      if (suppressed !== undefined) {
        const why = error instanceof AuthBusyError ? 'password checks saturated' : `the issuer's keys are out of reach (${describeCause(error.cause)})`;
        this.#logger.warn({ route, client: address, suppressed }, `${why}; answering 503`);
      }
      return this.#refuse(sink, capture, error, ['Retry-After', String(error.retryAfterSeconds)]);
    }
    switch (verdict.outcome) {
      case 'allowed':
        return verdict;
      case 'forbidden':
        this.#logRefusal(route, address, verdict.reason, 'insufficient scope');
        return this.#refuse(sink, capture, new ForbiddenError('the credentials do not grant access to this route'), [
          'WWW-Authenticate',
          this.#auth.forbiddenChallenge,
        ]);
      case 'limited':
        return this.#refuse(sink, capture, new AuthRateLimitedError('too many failed logins from this address; try again later', verdict.retryAfterSeconds), [
          'Retry-After',
          String(verdict.retryAfterSeconds),
        ]);
      case 'denied':
        this.#logFailure(route, address, verdict.failure, verdict.reason);
        return this.#refuse(sink, capture, new UnauthorizedError('valid credentials are required'), ['WWW-Authenticate', this.#auth.deniedChallenge]);
      case 'missing':
        return this.#refuse(sink, capture, new UnauthorizedError('valid credentials are required'), ['WWW-Authenticate', this.#auth.challenge]);
    }
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

  #logFailure(route: string, address: string | undefined, failure: FailureCount | undefined, reason: string | undefined): void {
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
    this.#logRefusal(route, address, reason, 'wrong credentials', failure?.failures);
  }

  /** One line per second at most for each reason, with how many of that reason were not logged. */
  #logRefusal(route: string, address: string | undefined, reason: string | undefined, message: string, failures?: number): void {
    const key = reason ?? '';
    let throttle = this.#failureLogs.get(key);
    if (throttle === undefined) {
      throttle = new LogThrottle();
      this.#failureLogs.set(key, throttle);
    }
    const suppressed = throttle.take();
    if (suppressed === undefined) return;
    this.#logger.warn({ route, client: address, ...(reason !== undefined && { reason }), ...(failures !== undefined && { failures }), suppressed }, message);
  }

  async #refuse(sink: ResponseSink, capture: CaptureTap | undefined, error: SluiceError, headers: string[]): Promise<ExchangeOutcome> {
    const body = errorBody(error);
    await writeBuffered(new ResponseWriter(sink, capture, this.#onCaptureFailure), {
      status: error.statusCode,
      rawHeaders: [...errorHeaders(error, body), ...headers],
      body,
    });
    return { status: error.statusCode };
  }
}

/**
 * The target itself when the route has no `auth`, else the target behind it. A route with
 * `basic` auth holds the process's password pool until the target is closed.
 *
 * @example
 * ```ts
 * const target = withAuth(createTarget(route, context), route.auth, context);
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
    case 'jwt':
      return new AuthTarget(target, new JwtAuthenticator(auth), {
        onCaptureFailure: options.onCaptureFailure,
        ...(options.logger !== undefined && { logger: options.logger }),
      });
  }
}

/** A short description of why the keys could not be had, for the log. */
function describeCause(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'unknown error';
}
