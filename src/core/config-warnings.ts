import type { RouteConfig, SluiceConfig } from './config-schema.js';

/** Something valid that is probably not what was meant: printed by `config check`, logged at start. */
export interface ConfigWarning {
  /** Stable name for scripts: `unreachable_route`, `capture_without_destination`, `unsigned_deliveries`. */
  readonly code: 'unreachable_route' | 'capture_without_destination' | 'unsigned_deliveries';
  /** Key path of the setting concerned. */
  readonly path: string;
  readonly message: string;
}

/**
 * Finds the valid configurations that lose requests or records, or send them unsigned:
 *
 * - a route that can never match: the route table ranks routes by host, then path, then method,
 *   and keeps the file's order between equals, so a route is unreachable when earlier routes
 *   with the same host and the same path (or prefix) take every method it accepts;
 * - captured routes with no destination (records pile up in the queue until a forwarder with
 *   one runs, `sluice forward --destination`);
 * - a destination without a signing secret (receivers cannot verify deliveries).
 *
 * `delivers: false` (a gateway whose forwarders run elsewhere) leaves out the delivery warnings.
 *
 * @example
 * ```ts
 * for (const warning of configWarnings(config)) logger.warn({ path: warning.path }, warning.message);
 * ```
 */
export function configWarnings(config: SluiceConfig, options: { delivers?: boolean } = {}): ConfigWarning[] {
  const delivers = options.delivers ?? true;
  const warnings: ConfigWarning[] = [];
  // Per match: the first route taking every method, and which route took each listed method.
  const anyMethod = new Map<string, string>();
  const byMethod = new Map<string, Map<string, string>>();
  config.routes.forEach((route, index) => {
    const key = matchKey(route);
    const methods = route.match.methods;
    // A method-restricted route ranks before one taking any method: they never shadow each other.
    if (methods === undefined) {
      const by = anyMethod.get(key);
      if (by === undefined) anyMethod.set(key, route.name);
      else warnings.push(unreachable(route, index, [by], 'every method'));
      return;
    }
    const owners = byMethod.get(key) ?? new Map<string, string>();
    byMethod.set(key, owners);
    if (methods.every((method) => owners.has(method))) {
      warnings.push(unreachable(route, index, [...new Set(methods.map((method) => owners.get(method)!))], methods.join(', ')));
      return;
    }
    for (const method of methods) if (!owners.has(method)) owners.set(method, route.name);
  });
  const captured = config.routes.filter((route) => route.capture);
  if (delivers && captured.length > 0 && config.destination === undefined) {
    warnings.push({
      code: 'capture_without_destination',
      path: 'destination',
      message: `routes ${captured.map((route) => `"${route.name}"`).join(', ')} capture, but no destination is set: records stay in the queue until a forwarder with one runs (set destination.url or --destination)`,
    });
  }
  if (delivers && config.destination !== undefined && config.destination.signing_secret.length === 0) {
    warnings.push({
      code: 'unsigned_deliveries',
      path: 'destination.signing_secret',
      message: 'no signing secret: deliveries go unsigned and receivers cannot verify them (set destination.signing_secret or SLUICE_SIGNING_SECRET)',
    });
  }
  return warnings;
}

function unreachable(route: RouteConfig, index: number, by: readonly string[], methods: string): ConfigWarning {
  const earlier = by.map((name) => `"${name}"`).join(' and ');
  return {
    code: 'unreachable_route',
    path: `routes[${index}]`,
    message: `route "${route.name}" never matches: ${by.length === 1 ? 'route' : 'routes'} ${earlier} before it ${by.length === 1 ? 'has' : 'have'} the same host and path and take ${methods} first`,
  };
}

/**
 * What the route table compares: the host (case-insensitive, `*` is any host) and the path or
 * prefix (`/api/` and `/api` are one prefix, `/` is none), as `RouteTable` compiles them.
 */
function matchKey(route: RouteConfig): string {
  const { host, path, path_prefix: prefix } = route.match;
  const hostKey = host === undefined || host === '*' ? '*' : host.toLowerCase();
  const pathKey = path !== undefined ? `path ${path}` : `prefix ${prefix === undefined || prefix === '/' ? '' : prefix.replace(/\/+$/, '')}`;
  return `${hostKey} ${pathKey}`;
}
