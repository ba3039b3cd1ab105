import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { validateConfig, parseConfigText } from '../core/config-parse.js';
import type { SluiceConfig } from '../core/config-schema.js';
import { ConfigError, UsageError } from '../core/errors.js';

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
}

/**
 * Builds the configuration from `--config FILE` (a sluice.yaml or a lambda-reverse-proxy
 * lrp.yaml), or from `--upstream/--destination` alone (one route that taps everything) or
 * `--handler FILE#export` alone (one route to a handler file), then applies `--port`, `--host`
 * and `--data` on top. The destination's signing secret comes from `SLUICE_SIGNING_SECRET`
 * when the file sets none.
 *
 * @throws ConfigError (exit code 2) naming the file, key path and expectation.
 * @example
 * ```ts
 * const config = await loadConfig({ upstream: 'http://127.0.0.1:3000', destination: 'http://127.0.0.1:4000' });
 * ```
 */
export async function loadConfig(options: ConfigOptions, env: NodeJS.ProcessEnv = process.env): Promise<SluiceConfig> {
  const file = options.config;
  let raw: Record<string, unknown>;
  let source: string;
  if (file !== undefined) {
    if (options.upstream !== undefined) throw new UsageError('use either --config or --upstream, not both');
    if (options.handler !== undefined) throw new UsageError('use either --config or --handler, not both');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, [{ path: '', message: `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})` }]);
    }
    // Parse once to report YAML and schema problems with line numbers, then layer the flags.
    parseConfigText(text, { file, env });
    raw = (await import('yaml')).parse(text) ?? {};
    source = file;
  } else {
    raw = {};
    source = 'command line';
    if (options.upstream !== undefined && options.handler !== undefined) throw new UsageError('use either --upstream or --handler, not both');
    if (options.upstream !== undefined) {
      raw.routes = [{ name: 'default', match: { path_prefix: '/' }, target: { type: 'http', url: options.upstream }, capture: true }];
    }
    if (options.handler !== undefined) {
      raw.routes = [{ name: 'handler', match: { path_prefix: '/' }, target: { type: 'lambda', handler: options.handler, event: options.event ?? 'apigw-v2' } }];
    }
  }
  const overlay = { ...raw } as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  if (options.destination !== undefined) overlay.destination = { ...(overlay.destination ?? {}), url: options.destination };
  if (overlay.destination && overlay.destination.signing_secret === undefined && env.SLUICE_SIGNING_SECRET) {
    overlay.destination = { ...overlay.destination, signing_secret: env.SLUICE_SIGNING_SECRET };
  }
  if (options.port !== undefined || options.host !== undefined) {
    overlay.listen = {
      ...(overlay.listen ?? {}),
      ...(options.port !== undefined && { port: Number(options.port) }),
      ...(options.host !== undefined && { host: options.host }),
    };
  }
  if (options.data !== undefined) {
    overlay.queue = { driver: 'sqlite', ...(overlay.queue ?? {}), path: join(options.data, 'sluice.db') };
  }
  return validateConfig(overlay, { file: source, env });
}
