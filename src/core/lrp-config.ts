/**
 * Reads a lambda-reverse-proxy configuration file (`lrp.yaml`) as it is (SPEC §4): `region`,
 * `host`, `port`, `internal_route_prefix`, `local[{hostname, endpoint}]` (Runtime Interface
 * Emulators) and `aws[{hostname, function_name}]` (functions on AWS) become Sluice routes by
 * Host, with lambda-reverse-proxy's defaults and its event format (HTTP API payload 2.0).
 */
import type { ConfigIssue } from './errors.js';

/** lambda-reverse-proxy's defaults. */
export const lrpDefaults = { region: 'eu-central-1', host: '0.0.0.0', port: 8080 } as const;

const LRP_KEYS = new Set(['region', 'host', 'port', 'internal_route_prefix', 'local', 'aws']);
/** Sluice settings that may sit beside an lrp file's own (command-line flags add them). */
const PASSTHROUGH = new Set(['listen', 'admin', 'queue', 'destination', 'capture', 'limits', 'alarms', 'log']);

/**
 * True when a parsed document is a lambda-reverse-proxy file: it has `local` or `aws` rules
 * (lists; a mapping under `aws` is Sluice's own AWS settings).
 *
 * @example
 * ```ts
 * isLrpConfig({ local: [{ hostname: 'service-1', endpoint: 'http://service-1-lambda:8080' }] }); // true
 * ```
 */
export function isLrpConfig(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && ('local' in raw || Array.isArray((raw as { aws?: unknown }).aws));
}

/** A translated document, and how to name a key of it in the original file. */
export interface LrpTranslation {
  readonly config: Record<string, unknown>;
  /** `routes[1].target.endpoint` → `local[1].endpoint`, so issues point into the lrp file. */
  readonly originalPath: (path: string) => string;
}

/**
 * Translates a lambda-reverse-proxy document into a Sluice one. Problems the schema cannot
 * see (unknown keys, a rule that is not a mapping) are added to `issues` with lrp key paths.
 *
 * @example
 * ```ts
 * const { config } = fromLrpConfig({ internal_route_prefix: '__@@__', local: [{ hostname: 'service-1', endpoint: 'http://service-1-lambda:8080' }] }, []);
 * config.internal_route_prefix; // '/__@@__'
 * ```
 */
export function fromLrpConfig(raw: Record<string, unknown>, issues: ConfigIssue[]): LrpTranslation {
  const passthrough: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (LRP_KEYS.has(key)) continue;
    if (PASSTHROUGH.has(key)) passthrough[key] = value;
    else issues.push({ path: key, message: `unknown key "${key}" in a lambda-reverse-proxy file (expected ${[...LRP_KEYS].join(', ')})` });
  }
  const region = raw.region ?? lrpDefaults.region;
  const routes: Record<string, unknown>[] = [];
  const origins: string[] = [];
  const rules = (key: 'local' | 'aws', fields: readonly [string, string]): void => {
    const list = raw[key] ?? [];
    if (!Array.isArray(list)) {
      issues.push({ path: key, message: `expected a list of {${fields.join(', ')}}` });
      return;
    }
    list.forEach((rule: unknown, index) => {
      const path = `${key}[${index}]`;
      if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) {
        issues.push({ path, message: `expected a mapping with ${fields.join(' and ')}` });
        return;
      }
      for (const name of Object.keys(rule)) {
        if (!fields.includes(name)) issues.push({ path: `${path}.${name}`, message: `unknown key "${name}" (expected ${fields.join(', ')})` });
      }
      const { hostname } = rule as { hostname?: unknown };
      origins.push(path);
      routes.push({
        name: `${key}-${index}-${typeof hostname === 'string' ? hostname.replace(/[^A-Za-z0-9._-]/g, '_') : 'host'}`,
        match: { host: hostname },
        target:
          key === 'local'
            ? { type: 'lambda', endpoint: (rule as { endpoint?: unknown }).endpoint, event: 'apigw-v2' }
            : { type: 'lambda', function: (rule as { function_name?: unknown }).function_name, region, event: 'apigw-v2' },
      });
    });
  };
  // Local rules first: lambda-reverse-proxy consults them before the AWS ones.
  rules('local', ['hostname', 'endpoint']);
  rules('aws', ['hostname', 'function_name']);

  const prefix = raw.internal_route_prefix;
  const port = raw.port ?? lrpDefaults.port;
  const config: Record<string, unknown> = {
    ...passthrough,
    listen: {
      host: raw.host ?? lrpDefaults.host,
      port: typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port,
      ...(passthrough.listen as object | undefined),
    },
    // lambda-reverse-proxy has no admin port: its endpoints stay on the main port, under the
    // prefix, and no second port is opened unless the file (or `--admin`) asks for one.
    admin: passthrough.admin ?? false,
    // lambda-reverse-proxy serves /<prefix>/ping for a bare `prefix`.
    internal_route_prefix: typeof prefix === 'string' && prefix.replace(/^\/+|\/+$/g, '') !== '' ? `/${prefix.replace(/^\/+|\/+$/g, '')}` : (prefix ?? ''),
    routes,
  };
  return { config, originalPath: (path) => originalPath(path, origins) };
}

function originalPath(path: string, origins: readonly string[]): string {
  const listen = /^listen\.(host|port)(.*)$/.exec(path);
  if (listen) return `${listen[1]}${listen[2]}`;
  const route = /^routes\[(\d+)\](.*)$/.exec(path);
  if (route === null) return path;
  const origin = origins[Number(route[1])];
  if (origin === undefined) return path;
  const rest = route[2]!;
  if (rest.startsWith('.match.host')) return `${origin}.hostname`;
  if (rest.startsWith('.target.endpoint')) return `${origin}.endpoint`;
  if (rest.startsWith('.target.function')) return `${origin}.function_name`;
  if (rest.startsWith('.target.region')) return 'region';
  if (rest.startsWith('.name')) return `${origin}.hostname`;
  return origin;
}
