import type { ConfigIssue } from '../core/errors.js';

/**
 * The route map document (SPEC §5), as attach writes it and the proxy function reads it:
 *
 * ```json
 * {
 *   "version": 1,
 *   "routes": [
 *     { "method": "GET", "resource": "/users/{id}", "uri": "https://backend.example.com/users/{id}", "name": "users" },
 *     { "method": "ANY", "resource": "/api/{proxy+}", "uri": "https://backend.example.com/{proxy}", "timeout_ms": 10000 }
 *   ]
 * }
 * ```
 *
 * `method` is an HTTP method or `ANY`; `resource` is API Gateway's resource path (the event's
 * `resource`); `uri` may name the resource's path parameters as `{name}` (or `{name+}`): the
 * attach step resolves the integration's `requestParameters` mapping into these names. `name`
 * becomes the capture record's `route` (default: the resource path); `timeout_ms` is the
 * integration's timeout (default: the function's `SLUICE_UPSTREAM_TIMEOUT`).
 */
export interface RouteMapDocument {
  readonly version: 1;
  readonly stage_variables?: Readonly<Record<string, string>>;
  readonly routes: readonly MappedRoute[];
}

export interface MappedRoute {
  /** Upper case. */
  readonly method: RouteMethod;
  readonly resource: string;
  readonly uri: string;
  readonly name?: string;
  readonly timeout_ms?: number;
  /** `integration.request.{header|querystring}.<name>` → a method request value, stage variable, context value or `'literal'`. */
  readonly request_parameters?: Readonly<Record<string, string>>;
}

export type RouteMethod = (typeof METHODS)[number];

const METHODS = ['ANY', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
/** The targets the proxy can apply; path targets are folded into the URI by attach. */
const REQUEST_PARAMETER_TARGET = /^integration\.request\.(header|querystring)\.[^.]+$/;
const URI_TEMPLATE = /^https?:\/\/(?:[^/{}$]|\$\{stageVariables\.[A-Za-z0-9_]+\})+/;
const ROUTE_KEYS = new Set(['method', 'resource', 'uri', 'name', 'timeout_ms', 'request_parameters']);
const DOCUMENT_KEYS = new Set(['version', 'stage_variables', 'routes']);

/**
 * Checks a parsed route map and returns it with methods in upper case, or every problem found,
 * each at its key path (`routes[0].uri`). Plain code rather than a schema library: the proxy
 * function reads a route map on its cold start, where loading one would cost more than the
 * check (issue 12 §4).
 *
 * @example
 * ```ts
 * const checked = checkRouteMap(JSON.parse(text));
 * if ('issues' in checked) throw new ConfigError(source, checked.issues);
 * ```
 */
export function checkRouteMap(value: unknown): { readonly document: RouteMapDocument } | { readonly issues: readonly ConfigIssue[] } {
  const issues: ConfigIssue[] = [];
  const problem = (path: string, message: string): void => void issues.push({ path, message });
  if (!isObject(value)) return { issues: [{ path: '', message: 'expected a JSON object ({"version":1,"routes":[…]})' }] };
  unknownKeys(value, DOCUMENT_KEYS, '', problem);
  if (value.version !== 1) problem('version', 'expected 1');
  if (value.stage_variables !== undefined) stringRecord(value.stage_variables, 'stage_variables', problem);
  const routes: MappedRoute[] = [];
  if (!Array.isArray(value.routes)) problem('routes', 'required: a list of routes');
  else if (value.routes.length === 0) problem('routes', 'expected at least one route');
  else value.routes.forEach((route: unknown, index) => routes.push(checkRoute(route, `routes[${index}]`, problem)));
  if (issues.length > 0) return { issues };
  return {
    document: {
      version: 1,
      ...(value.stage_variables !== undefined && { stage_variables: value.stage_variables as Record<string, string> }),
      routes,
    },
  };
}

function checkRoute(route: unknown, at: string, problem: (path: string, message: string) => void): MappedRoute {
  if (!isObject(route)) {
    problem(at, 'expected a route object');
    return route as MappedRoute;
  }
  unknownKeys(route, ROUTE_KEYS, `${at}.`, problem);
  const method = typeof route.method === 'string' ? route.method.toUpperCase() : undefined;
  if (method === undefined || !(METHODS as readonly string[]).includes(method)) problem(`${at}.method`, `expected one of: ${METHODS.join(', ')}`);
  if (typeof route.resource !== 'string' || !route.resource.startsWith('/')) problem(`${at}.resource`, 'expected a resource path starting with "/"');
  if (typeof route.uri !== 'string' || !URI_TEMPLATE.test(route.uri)) {
    problem(`${at}.uri`, 'expected an absolute http:// or https:// URI (a template may name path parameters and ${stageVariables.x})');
  }
  if (route.name !== undefined && (typeof route.name !== 'string' || route.name === '')) problem(`${at}.name`, 'expected a non-empty string');
  const timeout = route.timeout_ms;
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 50 || timeout > 900_000)) {
    problem(`${at}.timeout_ms`, 'expected a whole number of milliseconds from 50 to 900000');
  }
  if (route.request_parameters !== undefined && stringRecord(route.request_parameters, `${at}.request_parameters`, problem)) {
    for (const target of Object.keys(route.request_parameters)) {
      if (!REQUEST_PARAMETER_TARGET.test(target)) {
        problem(`${at}.request_parameters.${target}`, 'expected integration.request.header.<name> or integration.request.querystring.<name>');
      }
    }
  }
  return { ...route, method } as MappedRoute;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function unknownKeys(value: Record<string, unknown>, known: ReadonlySet<string>, prefix: string, problem: (path: string, message: string) => void): void {
  for (const key of Object.keys(value)) if (!known.has(key)) problem(`${prefix}${key}`, 'unknown key');
}

function stringRecord(value: unknown, at: string, problem: (path: string, message: string) => void): value is Record<string, string> {
  if (isObject(value) && Object.values(value).every((item) => typeof item === 'string')) return true;
  problem(at, 'expected a mapping of names to strings');
  return false;
}
