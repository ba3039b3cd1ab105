/**
 * Which native API Gateway face expresses an ingest route (issue 13 §2): an HTTP API when its
 * first-class integrations can do all the route asks, else a REST API, and neither when the
 * route asks something API Gateway cannot do, which `sluice config check` reports as a config
 * error rather than deploying something that means a different thing. Pure (no aws-cdk-lib),
 * so the config check uses it without loading the CDK.
 */
import type { IngestTargetConfig, RouteConfig } from '../../core/config-schema.js';
import { compileServiceParams, type ServiceParams } from '../../core/ingest/index.js';
import { HTTP_INTEGRATION_SUBTYPES, isHttpApiService } from './http-integration-subtypes.js';
import { serviceResource } from './service-resource.js';

/** An ingest route as the config loads it; `schema` once the route has one. */
export type IngestRouteConfig = Omit<RouteConfig, 'target'> & { readonly target: IngestTargetConfig; readonly schema?: unknown };

/**
 * Where a route goes: `reason` says why not an HTTP API (`rest`) or why not at all (`none`);
 * `key` is the route's key at fault (`match.host`, `target.queue_url`), for messages.
 */
export type IngestApiChoice =
  { readonly api: 'http' } | { readonly api: 'rest'; readonly reason: string } | { readonly api: 'none'; readonly reason: string; readonly key: string };

/**
 * API Gateway's integration timeout: 29 s on REST APIs by default, 30 s on HTTP APIs. A route
 * that allows longer locally would be cut short on AWS.
 */
export const NATIVE_MAX_TIMEOUT_MS = 29_000;

/**
 * The native face of one ingest route.
 *
 * @example
 * ```ts
 * chooseIngestApi(config.routes[0]); // { api: 'http' } for an sqs route
 * chooseIngestApi(snsRoute); // { api: 'rest', reason: 'HTTP APIs have no sns integration' }
 * chooseIngestApi(hostRoute); // { api: 'none', key: 'match.host', reason: 'API Gateway routes by path and method, …' }
 * ```
 */
export function chooseIngestApi(route: IngestRouteConfig): IngestApiChoice {
  const compiled = compileRouteParams(route);
  // A route whose params do not compile is already a config error at its key path.
  if (compiled.params === undefined) return { api: 'none', key: 'target', reason: compiled.issues.map((issue) => issue.message).join('; ') };
  const refusal = nativeRefusal(route, compiled.params);
  if (refusal !== undefined) return { api: 'none', ...refusal };
  const obstacle = httpApiObstacle(route, compiled.params);
  return obstacle === undefined ? { api: 'http' } : { api: 'rest', reason: obstacle };
}

/** What neither an HTTP API nor a REST API can express, and the key that asks it. */
function nativeRefusal(route: IngestRouteConfig, params: ServiceParams): { key: string; reason: string } | undefined {
  if (route.match.host !== undefined) {
    return { key: 'match.host', reason: "API Gateway routes by path and method, not by Host; drop it (the API's own name is ingest_api.domain)" };
  }
  const pathKey = route.match.path !== undefined ? 'match.path' : 'match.path_prefix';
  if (/[{}]/.test(route.match.path ?? route.match.path_prefix ?? '')) {
    return { key: pathKey, reason: '"{" and "}" declare path parameters on API Gateway: a literal brace cannot be routed' };
  }
  if (route.auth?.type === 'basic') return { key: 'auth', reason: 'basic auth has no native API Gateway authorizer; use jwt' };
  if (route.limits.timeout !== undefined && route.limits.timeout > NATIVE_MAX_TIMEOUT_MS) {
    return { key: 'limits.timeout', reason: `API Gateway integrations time out after ${NATIVE_MAX_TIMEOUT_MS / 1000} s at most` };
  }
  const resource = serviceResource(params);
  return resource.ok ? undefined : { key: `target.${resource.key}`, reason: resource.reason };
}

/** Why an HTTP API cannot express the route (a REST API can), or `undefined`. */
function httpApiObstacle(route: IngestRouteConfig, params: ServiceParams): string | undefined {
  const service = route.target.type;
  if (!isHttpApiService(service)) return `HTTP APIs have no ${service} integration`;
  if (route.schema !== undefined) return 'schema: HTTP APIs do not validate request bodies';
  const accepted = HTTP_INTEGRATION_SUBTYPES[service].params;
  const extra = Object.keys(params.params).filter((name) => !accepted.includes(name));
  if (extra.length > 0) return `the HTTP API ${HTTP_INTEGRATION_SUBTYPES[service].subtype} integration takes no ${extra.join(', ')}`;
  if (route.auth?.type === 'jwt' && route.auth.jwks_uri !== undefined) {
    return "auth.jwks_uri: HTTP API JWT authorizers read the keys from the issuer's discovery document only";
  }
  return undefined;
}

/**
 * A route's `target.params` compiled for its service, issues reported at `target`: what the
 * native face and its differences are both read from.
 *
 * @example
 * ```ts
 * compileRouteParams(route).params?.MessageBody;
 * ```
 */
export function compileRouteParams(route: IngestRouteConfig): ReturnType<typeof compileServiceParams> {
  return compileServiceParams({
    service: route.target.type,
    routeName: route.name,
    target: route.target,
    ...(route.target.params !== undefined && { params: route.target.params }),
    path: 'target',
  });
}
