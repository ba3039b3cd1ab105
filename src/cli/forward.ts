import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Option, type Command } from 'commander';
import { Registry } from 'prom-client';
import type { SluiceConfig } from '../core/config-schema.js';
import { UsageError } from '../core/errors.js';
import { createForwarder, requireDestination } from '../forwarder/from-config.js';
import { openQueue } from '../queue/index.js';
import { configWarnings } from '../core/config-warnings.js';
import { createLogger, defaultLogFormat, type LogFormat } from '../telemetry/logger.js';
import { addConfigOptions, logFormatOf, type LogOptions } from './config-options.js';
import { listenFailure } from './listen-error.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { untilShutdownSignal } from './signals.js';

export interface ForwardOptions {
  /** Serve `/metrics` on 127.0.0.1 at this port (0 = any free port). */
  readonly metricsPort?: number;
  /** Where the configuration came from, for messages. */
  readonly source?: string;
  /** Resolves when the process should stop; the command line waits for SIGTERM/SIGINT. */
  readonly until?: Promise<unknown>;
  /** `pretty` on a terminal, `json` otherwise, unless `--log-format` says. */
  readonly logFormat?: LogFormat;
}

/**
 * `sluice forward`: the forwarder alone against the configured queue, until SIGTERM/SIGINT.
 * Several may run against one embedded queue file (receives are exclusive transactions).
 * Stopping finishes the deliveries under way; a second signal exits at once.
 *
 * @example
 * ```ts
 * await runForward(await loadConfig({ data: '.sluice', destination: 'http://127.0.0.1:4000/hooks' }));
 * ```
 */
export async function runForward(config: SluiceConfig, options: ForwardOptions = {}): Promise<void> {
  const destination = requireDestination(config, options.source);
  const logger = createLogger(config.log.level, process.stderr, options.logFormat ?? defaultLogFormat());
  for (const warning of configWarnings(config).filter((found) => found.code === 'unsigned_deliveries')) {
    logger.warn({ warning: warning.code, path: warning.path }, warning.message);
  }
  const registry = new Registry();
  const queue = openQueue(config.queue, { logger });
  let metricsServer: Server | undefined;
  try {
    const forwarder = createForwarder(config, { queue, logger, registry, ...(options.source !== undefined && { source: options.source }) });
    if (options.metricsPort !== undefined) metricsServer = await serveMetrics(registry, options.metricsPort);
    forwarder.start();
    // Origin and path only: a URL may carry credentials.
    const url = new URL(destination.url);
    logger.info(
      {
        destination: `${url.origin}${url.pathname}`,
        concurrency: destination.concurrency,
        signed: destination.signing_secret.length > 0,
        ...(metricsServer && { metrics: `http://127.0.0.1:${(metricsServer.address() as { port: number }).port}/metrics` }),
      },
      'forwarder running',
    );
    const signal = await (options.until ?? untilShutdownSignal());
    logger.info({ signal }, 'forwarder stopping: finishing deliveries under way');
    await forwarder.stop();
  } finally {
    if (metricsServer) {
      metricsServer.closeAllConnections();
      metricsServer.close();
    }
    await queue.close();
  }
  logger.info('forwarder stopped');
}

async function serveMetrics(registry: Registry, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  server.listen(port, '127.0.0.1');
  try {
    await once(server, 'listening');
  } catch (error) {
    throw listenFailure(error, { what: 'metrics listener', host: '127.0.0.1', port, choose: '--metrics-port PORT' });
  }
  return server;
}

/**
 * Registers `sluice forward`.
 *
 * @example
 * ```ts
 * registerForward(new Command('sluice'));
 * ```
 */
export function registerForward(program: Command): void {
  const command = program
    .command('forward')
    .description('run the forwarder only: deliver queued captures to the destination (several may share one queue)')
    .addOption(new Option('--metrics-port <port>', 'serve Prometheus metrics at http://127.0.0.1:PORT/metrics'))
    .addHelpText(
      'after',
      `
Delivery is at least once: a record is deleted from the queue only after the destination
answers 2xx. The destination's signing secret (whsec_...) is read from SLUICE_SIGNING_SECRET
when the configuration sets none. SIGTERM or Ctrl-C finishes the deliveries under way.

Examples:
  $ sluice forward --data /var/lib/sluice --destination https://hooks.example.com/ingest
  $ sluice forward --config sluice.yaml --metrics-port 9464
  $ sluice forward --config sluice.yaml --log-level warn --log-format json
  $ sluice gateway --config sluice.yaml & sluice forward --config sluice.yaml   # split processes`,
    );
  addConfigOptions(command, { logs: true }).action(async (options: ConfigOptions & LogOptions & { metricsPort?: string }) => {
    const config = await loadConfig(options);
    let metricsPort: number | undefined;
    if (options.metricsPort !== undefined) {
      metricsPort = Number(options.metricsPort);
      if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65_535) {
        throw new UsageError(`--metrics-port: expected a port number, got ${options.metricsPort}`);
      }
    }
    await runForward(config, { source: options.config ?? 'command line', logFormat: logFormatOf(options), ...(metricsPort !== undefined && { metricsPort }) });
  });
}
