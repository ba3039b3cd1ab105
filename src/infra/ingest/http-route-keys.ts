/**
 * HTTP API route keys (`POST /hooks/github`) for a route's `match`, so API Gateway sends it the
 * requests the local route table would: an exact path is one key per method, a prefix is the
 * prefix itself and everything under it (`/{proxy+}`), no path at all is every path.
 */
import type { RouteMatchConfig } from '../../core/config-schema.js';

/** The catch-all route key of an HTTP API. */
export const DEFAULT_ROUTE_KEY = '$default';

/**
 * The route keys of one route, in a stable order.
 *
 * @example
 * ```ts
 * httpRouteKeys({ methods: ['POST'], path: '/hooks/github' }); // ['POST /hooks/github']
 * httpRouteKeys({ path_prefix: '/uploads/' }); // ['ANY /uploads', 'ANY /uploads/{proxy+}']
 * httpRouteKeys({}); // ['$default']
 * ```
 */
export function httpRouteKeys(match: RouteMatchConfig): string[] {
  const methods = match.methods ?? ['ANY'];
  if (match.path !== undefined) return methods.map((method) => `${method} ${match.path!}`);
  // "/api/" and "/api" both match "/api" and "/api/x" locally (route-match.ts): so do these.
  const prefix = (match.path_prefix ?? '/').replace(/\/+$/, '');
  if (prefix === '' && match.methods === undefined) return [DEFAULT_ROUTE_KEY];
  return methods.flatMap((method) => [`${method} ${prefix === '' ? '/' : prefix}`, `${method} ${prefix}/{proxy+}`]);
}
