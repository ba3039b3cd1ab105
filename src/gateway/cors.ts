import type { CorsConfig } from '../core/config-schema.js';
import { corsDefaults } from '../core/cors-schema.js';

/**
 * A route's CORS policy, precomputed from its `cors` block, with API Gateway HTTP APIs'
 * behaviour (modelled on hono's cors middleware):
 *
 * - a preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) is answered by the
 *   gateway with 204, before auth, and never reaches the target or the capture; an allowed
 *   origin gets the route's methods, headers and max age, a refused one no CORS headers;
 * - an actual response to an allowed origin carries `Access-Control-Allow-Origin` (and
 *   credentials and exposed headers when configured); the target's own `Access-Control-*`
 *   headers are dropped, as API Gateway ignores an integration's, so one policy decides.
 *
 * @example
 * ```ts
 * const cors = new CorsPolicy({ allow_origins: ['https://app.example.com'], allow_headers: ['authorization'], expose_headers: [], allow_credentials: false }, ['POST']);
 * cors.preflightHeaders('https://app.example.com'); // ['Access-Control-Allow-Origin', 'https://app.example.com', 'Vary', 'Origin', …]
 * cors.responseHeaders(['Content-Type', 'application/json'], 'https://evil.example'); // ['Content-Type', 'application/json', 'Vary', 'Origin']
 * ```
 */
export class CorsPolicy {
  readonly #anyOrigin: boolean;
  readonly #origins: ReadonlySet<string>;
  /** Headers after `Access-Control-Allow-Origin` on a preflight to an allowed origin. */
  readonly #preflight: readonly string[];
  /** Headers after `Access-Control-Allow-Origin` on an actual response to an allowed origin. */
  readonly #actual: readonly string[];
  /** `Vary: Origin` whenever the answer depends on the origin, so caches keep them apart. */
  readonly #vary: readonly string[];

  /** `routeMethods`: the route's `match.methods`, the default of `allow_methods`. */
  constructor(config: CorsConfig, routeMethods?: readonly string[]) {
    // With credentials the schema refuses "*", so "*" here is always the wildcard (Fetch §3.3.5).
    this.#anyOrigin = config.allow_origins.includes('*');
    this.#origins = new Set(config.allow_origins);
    this.#vary = this.#anyOrigin ? [] : ['Vary', 'Origin'];
    const credentials = config.allow_credentials ? ['Access-Control-Allow-Credentials', 'true'] : [];
    const methods = config.allow_methods ?? routeMethods ?? corsDefaults.allow_methods;
    this.#preflight = [
      ...this.#vary,
      ...credentials,
      'Access-Control-Allow-Methods',
      methods.join(', '),
      ...(config.allow_headers.length > 0 ? ['Access-Control-Allow-Headers', config.allow_headers.join(', ')] : []),
      ...(config.max_age !== undefined ? ['Access-Control-Max-Age', String(Math.floor(config.max_age / 1_000))] : []),
    ];
    this.#actual = [
      ...this.#vary,
      ...credentials,
      ...(config.expose_headers.length > 0 ? ['Access-Control-Expose-Headers', config.expose_headers.join(', ')] : []),
    ];
  }

  /** True for a CORS preflight: `OPTIONS` with `Origin` and `Access-Control-Request-Method` (Fetch §3.2.2). */
  static isPreflight(method: string, origin: string | undefined, requestMethod: string | undefined): boolean {
    return method === 'OPTIONS' && origin !== undefined && requestMethod !== undefined;
  }

  /** The value of `Access-Control-Allow-Origin` for this `Origin`, or undefined when it is refused. */
  allowedOrigin(origin: string | undefined): string | undefined {
    if (origin === undefined) return undefined;
    if (this.#anyOrigin) return '*';
    return this.#origins.has(origin) ? origin : undefined;
  }

  /** The headers of the 204 answering a preflight from `origin`. */
  preflightHeaders(origin: string): string[] {
    const allowed = this.allowedOrigin(origin);
    if (allowed === undefined) return [...this.#vary, 'Content-Length', '0'];
    return ['Access-Control-Allow-Origin', allowed, ...this.#preflight, 'Content-Length', '0'];
  }

  /**
   * A target's response headers (a flat raw list) as the client receives them: its own
   * `Access-Control-*` removed, this policy's added for an allowed origin.
   */
  responseHeaders(rawHeaders: readonly string[], origin: string | undefined): string[] {
    const headers: string[] = [];
    for (let i = 0; i < rawHeaders.length; i += 2) {
      const name = rawHeaders[i]!;
      if (name.length > 15 && name.slice(0, 15).toLowerCase() === 'access-control-') continue;
      headers.push(name, rawHeaders[i + 1]!);
    }
    const allowed = this.allowedOrigin(origin);
    if (allowed === undefined) headers.push(...this.#vary);
    else headers.push('Access-Control-Allow-Origin', allowed, ...this.#actual);
    return headers;
  }
}
