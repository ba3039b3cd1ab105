import type { RouteConfig } from './config-schema.js';

/** A route that matched, with the part of the path after the matched prefix. */
export interface RouteMatch<R> {
  readonly route: R;
  /** The path left after removing the matched prefix (always starts with `/` or is empty). */
  readonly rest: string;
}

interface CompiledRoute<R> {
  readonly route: R;
  readonly hostRank: number;
  readonly host: string | undefined;
  readonly hostSuffix: string | undefined;
  readonly path: string | undefined;
  readonly prefix: string;
  readonly methods: ReadonlySet<string> | undefined;
}

// Host specificity: an exact host beats a wildcard suffix, which beats "any host".
const HOST_EXACT = 0;
const HOST_SUFFIX = 1;
const HOST_ANY = 2;

/**
 * The route table (SPEC §4): exact Host (case-insensitive, port ignored; `*` and
 * `*.example.com` allowed), then the longest path prefix or exact path, then method.
 * Compiled once at start-up; `match` does no allocation on the common path.
 *
 * @example
 * ```ts
 * const table = new RouteTable(config.routes);
 * table.match('api.example.com:8080', '/api/v1/users/1', 'GET')?.route.name; // 'users'
 * ```
 */
export class RouteTable<R extends Pick<RouteConfig, 'match'>> {
  readonly #routes: CompiledRoute<R>[];

  constructor(routes: readonly R[]) {
    this.#routes = routes.map((route) => compile(route)).sort(bySpecificity);
  }

  get size(): number {
    return this.#routes.length;
  }

  /** The best route for a request, or `undefined` when none matches. */
  match(hostHeader: string | undefined, path: string, method: string): RouteMatch<R> | undefined {
    const host = normaliseHost(hostHeader);
    for (const candidate of this.#routes) {
      if (!hostMatches(candidate, host)) continue;
      const rest = pathRest(candidate, path);
      if (rest === undefined) continue;
      if (candidate.methods && !candidate.methods.has(method)) continue;
      return { route: candidate.route, rest };
    }
    return undefined;
  }
}

function compile<R extends Pick<RouteConfig, 'match'>>(route: R): CompiledRoute<R> {
  const { host, path, path_prefix: pathPrefix, methods } = route.match;
  const lowerHost = host?.toLowerCase();
  const hostRank = lowerHost === undefined || lowerHost === '*' ? HOST_ANY : lowerHost.startsWith('*.') ? HOST_SUFFIX : HOST_EXACT;
  return {
    route,
    hostRank,
    host: hostRank === HOST_EXACT ? lowerHost : undefined,
    hostSuffix: hostRank === HOST_SUFFIX ? lowerHost!.slice(1) : undefined,
    path,
    // "/api/" and "/api" both match "/api" and "/api/x", never "/apix".
    prefix: pathPrefix === undefined || pathPrefix === '/' ? '' : pathPrefix.replace(/\/+$/, ''),
    methods: methods ? new Set<string>(methods) : undefined,
  };
}

function bySpecificity<R>(a: CompiledRoute<R>, b: CompiledRoute<R>): number {
  if (a.hostRank !== b.hostRank) return a.hostRank - b.hostRank;
  if (a.hostSuffix !== undefined && b.hostSuffix !== undefined && a.hostSuffix.length !== b.hostSuffix.length) {
    return b.hostSuffix.length - a.hostSuffix.length;
  }
  const aLength = a.path?.length ?? a.prefix.length;
  const bLength = b.path?.length ?? b.prefix.length;
  if (aLength !== bLength) return bLength - aLength;
  // An exact path beats a prefix of the same length; a method-restricted route beats "any method".
  if ((a.path === undefined) !== (b.path === undefined)) return a.path === undefined ? 1 : -1;
  if ((a.methods === undefined) !== (b.methods === undefined)) return a.methods === undefined ? 1 : -1;
  return 0;
}

function hostMatches<R>(route: CompiledRoute<R>, host: string): boolean {
  if (route.hostRank === HOST_ANY) return true;
  if (route.hostRank === HOST_EXACT) return route.host === host;
  return host.length > route.hostSuffix!.length && host.endsWith(route.hostSuffix!);
}

function pathRest<R>(route: CompiledRoute<R>, path: string): string | undefined {
  if (route.path !== undefined) return path === route.path ? '' : undefined;
  const { prefix } = route;
  if (prefix === '') return path;
  if (!path.startsWith(prefix)) return undefined;
  if (path.length === prefix.length) return '';
  return path.charCodeAt(prefix.length) === 47 /* "/" */ ? path.slice(prefix.length) : undefined;
}

/** `API.Example.com:8080` → `api.example.com`; `[::1]:80` → `[::1]`. */
export function normaliseHost(hostHeader: string | undefined): string {
  if (!hostHeader) return '';
  const lower = hostHeader.toLowerCase();
  if (lower.startsWith('[')) {
    const end = lower.indexOf(']');
    return end === -1 ? lower : lower.slice(0, end + 1);
  }
  const colon = lower.indexOf(':');
  return colon === -1 ? lower : lower.slice(0, colon);
}
