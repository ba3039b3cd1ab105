import { z } from 'zod';
import { ConfigError } from '../core/errors.js';
import { fillStageVariables, mapRequestParameters, type MappedParameters, type ParameterSources } from './request-parameters.js';

/**
 * Where the proxy function sends each method of the API it is attached to: the original
 * HTTP/HTTP_PROXY integration's URI per method and resource, as the attach step found them
 * (SPEC §5). The deploy step writes this document into the function's environment
 * (`SLUICE_ROUTE_MAP`) or, when it is too large for the environment's 4 KB, into S3
 * (`SLUICE_ROUTE_MAP_URI=s3://bucket/key`).
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
/** The targets the proxy can apply; path targets are folded into the URI by attach. */
const REQUEST_PARAMETER_TARGET = /^integration\.request\.(header|querystring)\.[^.]+$/;

export const routeMapSchema = z.strictObject({
  version: z.literal(1),
  stage_variables: z.record(z.string(), z.string()).optional(),
  routes: z
    .array(
      z.strictObject({
        method: z
          .string()
          .transform((method) => method.toUpperCase())
          .pipe(z.enum(['ANY', 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])),
        resource: z.string().startsWith('/', 'expected a resource path starting with "/"'),
        uri: z
          .string()
          .regex(
            /^https?:\/\/(?:[^/{}$]|\$\{stageVariables\.[A-Za-z0-9_]+\})+/,
            'expected an absolute http:// or https:// URI (a template may name path parameters and ${stageVariables.x})',
          ),
        name: z.string().min(1).optional(),
        timeout_ms: z.number().int().min(50).max(900_000).optional(),
        request_parameters: z
          .record(
            z.string().regex(REQUEST_PARAMETER_TARGET, 'expected integration.request.header.<name> or integration.request.querystring.<name>'),
            z.string(),
          )
          .optional(),
      }),
    )
    .min(1, 'expected at least one route'),
});

export type RouteMapDocument = z.output<typeof routeMapSchema>;
export type MappedRoute = RouteMapDocument['routes'][number];

/** What a request resolved to: the upstream URL and the route's settings. */
export interface ResolvedRoute {
  readonly route: MappedRoute;
  /** The record's `route`. */
  readonly name: string;
  readonly url: URL;
  /** Headers the route's `request_parameters` set on the upstream request. */
  readonly headers: readonly (readonly [string, string])[];
}

/**
 * The route map, compiled: lookups by method and resource, URI templates filled in.
 *
 * @example
 * ```ts
 * const routes = RouteMap.parse(process.env.SLUICE_ROUTE_MAP ?? '', 'SLUICE_ROUTE_MAP');
 * routes.resolve('GET', '/users/{id}', { id: '42' }, 'page=2')?.url.href; // 'https://backend.example.com/users/42?page=2'
 * ```
 */
export class RouteMap {
  readonly #routes = new Map<string, MappedRoute>();
  readonly #stageVariables: Readonly<Record<string, string>>;

  constructor(document: RouteMapDocument) {
    this.#stageVariables = document.stage_variables ?? {};
    for (const route of document.routes) this.#routes.set(`${route.method} ${route.resource}`, route);
  }

  /**
   * @throws ConfigError naming `source` when the text is not a valid route map.
   */
  static parse(text: string, source: string): RouteMap {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new ConfigError(source, [{ path: '', message: 'expected a JSON route map ({"version":1,"routes":[…]})' }]);
    }
    const result = routeMapSchema.safeParse(value);
    if (!result.success) {
      throw new ConfigError(
        source,
        result.error.issues.map((issue) => ({
          path: issue.path
            .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
            .join('')
            .replace(/^\./, ''),
          message: issue.message,
        })),
      );
    }
    return new RouteMap(result.data);
  }

  get size(): number {
    return this.#routes.size;
  }

  /**
   * The upstream URL for a request: the route for this method (or `ANY`) and resource, its
   * URI template filled with the stage variables and the path parameters (each path segment
   * percent-encoded, the `/` of a greedy `{proxy+}` value kept), the request's query string
   * appended, then the route's `request_parameters` applied (headers returned, query
   * parameters set). `request` gives what those read; the event's `stageVariables` win over
   * the map's. `undefined` when the map has no such route.
   */
  resolve(
    method: string,
    resource: string,
    pathParameters: Readonly<Record<string, string | undefined>> | null | undefined,
    query: string,
    request: Omit<ParameterSources, 'pathParameters'> = {},
  ): ResolvedRoute | undefined {
    const route = this.#routes.get(`${method.toUpperCase()} ${resource}`) ?? this.#routes.get(`ANY ${resource}`);
    if (route === undefined) return undefined;
    const stageVariables = { ...this.#stageVariables, ...request.stageVariables };
    // Stage variables first: `${stageVariables.x}` would otherwise look like a `{path}` parameter.
    const filled = fillStageVariables(route.uri, stageVariables).replace(/\{([A-Za-z0-9._-]+)\+?\}/g, (_, name: string) =>
      encodePathValue(pathParameters?.[name] ?? ''),
    );
    const url = new URL(filled);
    if (query !== '') url.search = url.search === '' ? query : `${url.search.slice(1)}&${query}`;
    let headers: MappedParameters['headers'] = [];
    if (route.request_parameters !== undefined) {
      const mapped = mapRequestParameters(route.request_parameters, { ...request, stageVariables, pathParameters });
      for (const [name, value] of mapped.query) url.searchParams.set(name, value);
      headers = mapped.headers;
    }
    return { route, name: route.name ?? route.resource, url, headers };
  }
}

function encodePathValue(value: string): string {
  return value
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
