import type { AuthConfig } from '../../core/config-schema.js';
import { UnauthorizedError, UpgradeNotSupportedError } from '../../core/errors.js';
import { findHeader } from '../../core/headers.js';
import { errorBody, errorHeaders } from '../error-response.js';
import type { CaptureTap } from '../capture-tap.js';
import { ResponseWriter, type CaptureFailureHandler, type ResponseSink } from '../response-writer.js';
import { SocketResponse } from '../socket-response.js';
import type { Exchange, ExchangeOutcome, Target, UpgradeExchange, UpgradeOutcome } from '../target.js';
import { BasicAuthenticator } from './basic-auth.js';

/**
 * A route's target behind its `auth`: the request reaches the target only with valid
 * credentials; otherwise 401 with `WWW-Authenticate`, written through a ResponseWriter so a
 * captured route records the refusal too. WebSocket handshakes pass the same check before
 * anything is sent upstream, and are refused with the same 401, without upgrading.
 *
 * @example
 * ```ts
 * const target = new AuthTarget(inner, new BasicAuthenticator(route.auth), { onCaptureFailure });
 * ```
 */
export class AuthTarget implements Target {
  readonly #inner: Target;
  readonly #basic: BasicAuthenticator;
  readonly #onCaptureFailure: CaptureFailureHandler;

  constructor(inner: Target, basic: BasicAuthenticator, options: { onCaptureFailure: CaptureFailureHandler }) {
    this.#inner = inner;
    this.#basic = basic;
    this.#onCaptureFailure = options.onCaptureFailure;
  }

  async handle(exchange: Exchange): Promise<ExchangeOutcome> {
    return (await this.#refusal(exchange.req.rawHeaders, exchange.res, exchange.capture)) ?? this.#inner.handle(exchange);
  }

  async upgrade(exchange: UpgradeExchange): Promise<UpgradeOutcome> {
    const refused = await this.#refusal(exchange.req.rawHeaders, new SocketResponse(exchange.socket), exchange.capture);
    if (refused !== undefined) return refused;
    if (this.#inner.upgrade === undefined) throw new UpgradeNotSupportedError('this route\'s target cannot upgrade the connection');
    return this.#inner.upgrade(exchange);
  }

  /** Answers 401 and returns its outcome, or undefined when the credentials are valid. */
  async #refusal(rawHeaders: readonly string[], sink: ResponseSink, capture: CaptureTap | undefined): Promise<ExchangeOutcome | undefined> {
    if (await this.#basic.verify(findHeader(rawHeaders, 'authorization'))) return undefined;
    const error = new UnauthorizedError('valid credentials are required');
    const body = errorBody(error);
    const writer = new ResponseWriter(sink, capture, this.#onCaptureFailure);
    writer.start(401, [...errorHeaders(error, body), 'WWW-Authenticate', this.#basic.challenge]);
    writer.write(body);
    await writer.end();
    return { status: 401 };
  }

  close(): Promise<void> {
    return this.#inner.close();
  }
}

/**
 * The target itself when the route has no `auth`, else the target behind it.
 *
 * @example
 * ```ts
 * const target = withAuth(createTarget(route.target, context), route.auth, context);
 * ```
 */
export function withAuth(target: Target, auth: AuthConfig | undefined, options: { onCaptureFailure: CaptureFailureHandler }): Target {
  if (auth === undefined) return target;
  switch (auth.type) {
    case 'basic':
      return new AuthTarget(target, new BasicAuthenticator(auth), options);
  }
}
