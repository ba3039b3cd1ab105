/**
 * Splits a config's ingest routes between the native faces: {@link chooseIngestApi} per route,
 * then what an HTTP API decides for all its routes at once. An HTTP API has one CORS
 * configuration, so the routes it takes must agree on `cors`: the first route an HTTP API can
 * express sets it, and a later one that asks otherwise goes to the REST API, which sets CORS
 * per method.
 */
import { isIngestTarget, type CorsConfig, type RouteConfig } from '../../core/config-schema.js';
import { chooseIngestApi, type IngestRouteConfig } from './api-choice.js';

/** A route and why it is not on the HTTP API. */
export interface RouteReason {
  readonly route: IngestRouteConfig;
  /** Its index in `routes`, for key paths in messages. */
  readonly index: number;
  /** The route's key at fault (`match.host`), for refused routes. */
  readonly key?: string;
  readonly reason: string;
}

/** Which routes each face takes. */
export interface IngestApiPlan {
  /** Routes the HTTP API expresses, in file order. */
  readonly http: readonly IngestRouteConfig[];
  /** The HTTP API's CORS configuration (its routes' one), if any. */
  readonly httpCors?: CorsConfig;
  /** Routes for the REST API, and why not the HTTP API. */
  readonly rest: readonly RouteReason[];
  /** Routes neither face can express: config errors. */
  readonly refused: readonly RouteReason[];
}

/**
 * Plans the native faces of a config's routes; routes that are not ingest routes are skipped.
 *
 * @example
 * ```ts
 * const plan = planIngestApis(config.routes);
 * for (const { index, key, reason } of plan.refused) issues.push({ path: `routes[${index}].${key}`, message: reason });
 * ```
 */
export function planIngestApis(routes: readonly RouteConfig[]): IngestApiPlan {
  const http: IngestRouteConfig[] = [];
  const rest: RouteReason[] = [];
  const refused: RouteReason[] = [];
  let corsOwner: IngestRouteConfig | undefined;
  routes.forEach((candidate, index) => {
    const { target } = candidate;
    if (!isIngestTarget(target)) return;
    const route: IngestRouteConfig = { ...candidate, target };
    const choice = chooseIngestApi(route);
    if (choice.api === 'none') refused.push({ route, index, key: choice.key, reason: choice.reason });
    else if (choice.api === 'rest') rest.push({ route, index, reason: choice.reason });
    else if (corsOwner !== undefined && !sameCors(corsOwner.cors, route.cors)) {
      rest.push({ route, index, reason: `HTTP APIs have one CORS configuration for all routes, and route "${corsOwner.name}" set it differently` });
    } else {
      corsOwner ??= route;
      http.push(route);
    }
  });
  const httpCors = corsOwner?.cors;
  return { http, rest, refused, ...(httpCors !== undefined && { httpCors }) };
}

function sameCors(a: CorsConfig | undefined, b: CorsConfig | undefined): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** The routes each native API serves: the plan, unless a custom domain must serve both. */
export interface FaceRoutes {
  readonly http: readonly IngestRouteConfig[];
  readonly rest: readonly RouteReason[];
}

/**
 * The routes each native API gets. A custom domain serves one API at its root, so with a
 * domain and routes for both faces every route goes to the REST API (which expresses all that
 * the HTTP API does) rather than some moving to another base path.
 *
 * @example
 * ```ts
 * const { http, rest } = faceRoutes(planIngestApis(config.routes), config.routes, config.ingest_api?.domain !== undefined);
 * ```
 */
export function faceRoutes(plan: IngestApiPlan, routes: readonly RouteConfig[], hasDomain: boolean): FaceRoutes {
  if (!hasDomain || plan.http.length === 0 || plan.rest.length === 0) return { http: plan.http, rest: plan.rest };
  const moved = plan.http.map((route) => ({
    route,
    index: routes.findIndex((candidate) => candidate.name === route.name),
    reason: 'the custom domain serves one API, and other routes need the REST API',
  }));
  return { http: [], rest: [...moved, ...plan.rest].sort((a, b) => a.index - b.index) };
}
