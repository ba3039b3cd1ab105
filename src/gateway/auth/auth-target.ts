import type { AuthConfig } from '../../core/config-schema.js';
import { UnauthorizedError } from '../../core/errors.js';
import { findHeader } from '../../core/headers.js';
import { errorBody, errorHeaders } from '../error-response.js';
import { ResponseWriter, type CaptureFailureHandler } from '../response-writer.js';
import type { Exchange, ExchangeOutcome, Target } from '../target.js';
import { BasicAuthenticator } from './basic-auth.js';

/**
 * A route's target behind its `auth`: the request reaches the target only with valid
 * credentials; otherwise 401 with `WWW-Authenticate`, written through a ResponseWriter so a
 * captured route records the refusal too.
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
    if (await this.#basic.verify(findHeader(exchange.req.rawHeaders, 'authorization'))) return this.#inner.handle(exchange);
    const error = new UnauthorizedError('valid credentials are required');
    const body = errorBody(error);
    const writer = new ResponseWriter(exchange.res, exchange.capture, this.#onCaptureFailure);
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
