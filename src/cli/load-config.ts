import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { readConfigDocument, validateConfig } from '../core/config-parse.js';
import type { SluiceConfig } from '../core/config-schema.js';
import { ConfigError, errorCode, UsageError } from '../core/errors.js';
import { parseHostPort } from '../core/host-port.js';
import { isLrpConfig } from '../core/lrp-config.js';
import type { ConfigFileReader } from '../core/route-schema-files.js';

/** The options shared by the commands that read a configuration. */
export interface ConfigOptions {
  readonly config?: string;
  readonly upstream?: string;
  readonly destination?: string;
  readonly port?: string | number;
  readonly host?: string;
  readonly data?: string;
  /** `./file.mjs#handler`: one catch-all route to a handler file. */
  readonly handler?: string;
  /** The event format for `handler`. */
  readonly event?: string;
  /** Overrides `log.level`. */
  readonly logLevel?: string;
  /** `HOST:PORT` for the admin listener, or `off`. */
  readonly admin?: string;
}

/** A configuration and how to point at its settings in messages. */
export interface LoadedConfig {
  readonly config: SluiceConfig;
  /** `sluice.yaml`, or `command line` when flags built it. */
  readonly source: string;
  /** A key path as the user wrote it: with its line in the file, or the flag that set it. */
  readonly locate: (path: string) => string;
}

/**
 * Builds the configuration from `--config FILE` (a sluice.yaml or a lambda-reverse-proxy
 * lrp.yaml), or from `--upstream/--destination` alone (one route that taps everything) or
 * `--handler FILE#export` alone (one route to a handler file), then applies `--port`, `--host`,
 * `--admin`, `--data` and `--log-level` on top. The destination's signing secret comes from
 * `SLUICE_SIGNING_SECRET` and the admin token from `SLUICE_ADMIN_TOKEN` when the file sets none.
 * A problem in a value a flag set names the flag (`--upstream: expected …`), not the key path it
 * was put at.
 *
 * @throws ConfigError (exit code 2) naming the file, key path (or flag) and expectation.
 * @example
 * ```ts
 * const config = await loadConfig({ upstream: 'http://127.0.0.1:3000', destination: 'http://127.0.0.1:4000' });
 * ```
 */
export async function loadConfig(options: ConfigOptions, env: NodeJS.ProcessEnv = process.env): Promise<SluiceConfig> {
  return (await loadConfigWithSource(options, env)).config;
}

/**
 * {@link loadConfig}, also saying where each setting came from, so later checks (handler files,
 * warnings) can point at a flag or a line.
 *
 * @example
 * ```ts
 * const { config, locate } = await loadConfigWithSource({ config: 'sluice.yaml' });
 * locate('routes[0].target.handler'); // 'routes[0].target.handler (line 7)'
 * ```
 */
export async function loadConfigWithSource(options: ConfigOptions, env: NodeJS.ProcessEnv = process.env): Promise<LoadedConfig> {
  const file = options.config;
  // Key path prefix → the flag (or variable) that set it; the longest prefix wins.
  const origins = new Map<string, string>();
  let raw: Record<string, unknown>;
  let source: string;
  let inFile = (path: string): string => path;
  if (file !== undefined) {
    if (options.upstream !== undefined) throw new UsageError('use either --config or --upstream, not both');
    if (options.handler !== undefined) throw new UsageError('use either --config or --handler, not both');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, [{ path: '', message: `cannot read the file (${errorCode(error) ?? String(error)})` }]);
    }
    const document = readConfigDocument(text, { file, env });
    if (document.raw === null || typeof document.raw !== 'object' || Array.isArray(document.raw)) {
      throw new ConfigError(file, [{ path: '', message: 'expected a mapping of settings at the top level' }]);
    }
    raw = document.raw as Record<string, unknown>;
    source = file;
    inFile = document.locate;
  } else {
    raw = {};
    source = 'command line';
    if (options.upstream !== undefined && options.handler !== undefined) throw new UsageError('use either --upstream or --handler, not both');
    if (options.upstream !== undefined) {
      raw.routes = [{ name: 'default', match: { path_prefix: '/' }, target: { type: 'http', url: options.upstream }, capture: true }];
      origins.set('routes[0].target.url', '--upstream');
    }
    if (options.handler !== undefined) {
      raw.routes = [{ name: 'handler', match: { path_prefix: '/' }, target: { type: 'lambda', handler: options.handler, event: options.event ?? 'apigw-v2' } }];
      origins.set('routes[0].target.handler', '--handler');
      origins.set('routes[0].target.event', '--event');
    }
  }
  const overlay = { ...raw } as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (options.destination !== undefined) {
    overlay.destination = { ...(overlay.destination ?? {}), url: options.destination };
    origins.set('destination.url', '--destination');
  }
  if (overlay.destination && overlay.destination.signing_secret === undefined && env.SLUICE_SIGNING_SECRET) {
    overlay.destination = { ...overlay.destination, signing_secret: env.SLUICE_SIGNING_SECRET };
    origins.set('destination.signing_secret', 'SLUICE_SIGNING_SECRET');
  }
  if (options.port !== undefined || options.host !== undefined) {
    overlay.listen = {
      ...(overlay.listen ?? {}),
      ...(options.port !== undefined && { port: portNumber(options.port) }),
      ...(options.host !== undefined && { host: options.host }),
    };
    if (options.port !== undefined) origins.set('listen.port', '--port');
    if (options.host !== undefined) origins.set('listen.host', '--host');
  }
  if (options.admin !== undefined) {
    overlay.admin = adminOverlay(options.admin, overlay.admin);
    origins.set('admin.listen', '--admin');
  }
  // The default admin listener takes the token too; an lrp file opens none unless it asks.
  const adminOn = overlay.admin !== undefined ? overlay.admin !== false : !isLrpConfig(raw);
  if (adminOn && env.SLUICE_ADMIN_TOKEN && (overlay.admin as { token?: unknown } | undefined)?.token === undefined) {
    overlay.admin = { ...(overlay.admin ?? {}), token: env.SLUICE_ADMIN_TOKEN };
    origins.set('admin.token', 'SLUICE_ADMIN_TOKEN');
  }
  if (options.data !== undefined) {
    overlay.queue = { driver: 'sqlite', ...(overlay.queue ?? {}), path: join(options.data, 'sluice.db') };
    origins.set('queue.path', '--data');
  }
  if (options.logLevel !== undefined) {
    overlay.log = { ...(overlay.log ?? {}), level: options.logLevel };
    origins.set('log.level', '--log-level');
  }
  const locate = (path: string): string => flagOf(path, origins) ?? inFile(path);
  const config = validateConfig(overlay, { file: source, locate, ...(file !== undefined && { readFile: relativeTo(file) }) });
  return { config, source, locate };
}

/**
 * Reads the files a configuration names (a route's `schema`) relative to the configuration
 * file's folder, as `include` paths are read in nginx and Caddy files, so a configuration and
 * its schemas move together. Synchronous: it runs once, at load, before anything serves.
 *
 * @example
 * ```ts
 * relativeTo('deploy/sluice.yaml')('./schemas/hook.json'); // { file: '/…/deploy/schemas/hook.json', text: '{…}' }
 * ```
 */
export function relativeTo(configFile: string): ConfigFileReader {
  const folder = dirname(resolve(configFile));
  return (ref) => {
    const file = resolve(folder, ref);
    return { file, text: readFileSync(file, 'utf8') };
  };
}

/** `--port 80` stays a number for the schema; anything else is passed on for it to explain. */
function portNumber(port: string | number): number | string {
  return typeof port === 'string' && /^\d+$/.test(port) ? Number(port) : port;
}

function flagOf(path: string, origins: ReadonlyMap<string, string>): string | undefined {
  let best: string | undefined;
  for (const prefix of origins.keys()) {
    if ((path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`)) && (best === undefined || prefix.length > best.length))
      best = prefix;
  }
  return best === undefined ? undefined : origins.get(best);
}

/** `--admin HOST:PORT` moves the admin listener (keeping the file's token); `--admin off` turns it off. */
function adminOverlay(flag: string, fromFile: unknown): unknown {
  if (flag === 'off') return false;
  const listen = parseHostPort(flag);
  if (listen === undefined) throw new UsageError(`--admin: expected HOST:PORT (such as 127.0.0.1:9901) or off, got ${JSON.stringify(flag)}`);
  const base = typeof fromFile === 'object' && fromFile !== null ? fromFile : {};
  return { ...base, listen };
}
