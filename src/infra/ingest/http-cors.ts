/**
 * The HTTP API's `CorsConfiguration` from the `cors` its routes share (`api-plan.ts`), with the
 * meaning the gateway gives it locally (`gateway/cors.ts`).
 */
import type { CorsConfig, RouteMatchConfig } from '../../core/config-schema.js';
import { corsDefaults } from '../../core/cors-schema.js';

/** `AWS::ApiGatewayV2::Api` `CorsConfiguration`, as CloudFormation spells it. */
export interface HttpCorsConfiguration {
  readonly allowOrigins: string[];
  readonly allowMethods: string[];
  readonly allowHeaders?: string[];
  readonly exposeHeaders?: string[];
  readonly maxAge?: number;
  readonly allowCredentials: boolean;
}

/**
 * The API's CORS settings. Unset `allow_methods` means a route's own methods locally; one API
 * answers preflights for all its routes, so it allows the union of them.
 *
 * @example
 * ```ts
 * httpCorsConfiguration({ allow_origins: ['https://app.example.com'], allow_headers: [], expose_headers: [], allow_credentials: false }, [{ methods: ['POST'] }]);
 * // { allowOrigins: ['https://app.example.com'], allowMethods: ['POST'], allowCredentials: false }
 * ```
 */
export function httpCorsConfiguration(cors: CorsConfig, matches: readonly RouteMatchConfig[]): HttpCorsConfiguration {
  const methods = cors.allow_methods ?? [...new Set(matches.flatMap((match) => match.methods ?? corsDefaults.allow_methods))];
  return {
    allowOrigins: [...cors.allow_origins],
    allowMethods: methods,
    ...(cors.allow_headers.length > 0 && { allowHeaders: [...cors.allow_headers] }),
    ...(cors.expose_headers.length > 0 && { exposeHeaders: [...cors.expose_headers] }),
    // Seconds on API Gateway; the config takes a duration.
    ...(cors.max_age !== undefined && { maxAge: Math.floor(cors.max_age / 1000) }),
    allowCredentials: cors.allow_credentials,
  };
}
