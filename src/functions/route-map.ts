import { ConfigError } from '../core/errors.js';
import { fillStageVariables, mapRequestParameters, type MappedParameters, type ParameterSources } from './request-parameters.js';
import { checkRouteMap, type MappedRoute, type RouteMapDocument } from './route-map-document.js';

/**
 * Where the proxy function sends each method of the API it is attached to: the original
 * HTTP/HTTP_PROXY integration's URI per method and resource, as the attach step found them
 * (SPEC §5), in the document `route-map-document.ts` describes. The deploy step writes it into
 * the function's environment (`SLUICE_ROUTE_MAP`) or, when it is too large for the environment's
 * 4 KB, into S3 (`SLUICE_ROUTE_MAP_URI=s3://bucket/key`).
 */

export type { MappedRoute, RouteMapDocument } from './route-map-document.js';

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
    const checked = checkRouteMap(value);
    if ('issues' in checked) throw new ConfigError(source, checked.issues);
    return new RouteMap(checked.document);
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
