import { configWarnings } from '../core/config-warnings.js';
import { UsageError } from '../core/errors.js';
import { AdminServer } from '../gateway/admin-server.js';
import { Gateway } from '../gateway/gateway.js';
import { openQueue } from '../queue/index.js';
import { openHistoryWriter } from '../history/from-config.js';
import type { Queue } from '../queue/types.js';
import { createLogger, defaultLogFormat, type LogFormat, type Logger } from '../telemetry/logger.js';
import { checkHandlers } from './check-handlers.js';
import { createDashboard } from './dashboard-setup.js';
import { listenFailure } from './listen-error.js';
import type { LoadedConfig } from './load-config.js';
import { untilShutdownSignal } from './signals.js';
import { startupSummary, type ListenerSummary } from './startup-summary.js';

/** How often the gateway's queue checkpoints its write-ahead log on a worker thread. */
const GATEWAY_CHECKPOINT_INTERVAL_MS = 20;

/** A background service run beside the gateway in one process (the forwarder, in `serve`). */
export interface Companion {
  start(): void;
  stop(): Promise<void>;
}

export interface RunGatewayOptions {
  /** Whether this process delivers (`serve`): the delivery warnings only concern such a process. */
  readonly delivers?: boolean;
  /** `pretty` on a terminal, `json` otherwise, unless `--log-format` says. */
  readonly logFormat?: LogFormat;
  /** Builds the companions sharing the gateway's queue (the forwarder, in `serve`). */
  readonly companions?: (queue: Queue, logger: Logger, gateway: Gateway) => Companion[];
}

/**
 * Refuses to start a gateway that could answer nothing but 404, or whose handler files are
 * missing, before anything is opened.
 *
 * @throws UsageError (exit code 2) with no route; ConfigError naming a missing handler file or export.
 * @example
 * ```ts
 * const loaded = await loadConfigWithSource(options);
 * await checkServable(loaded);
 * await runGateway(loaded);
 * ```
 */
export async function checkServable(loaded: LoadedConfig): Promise<void> {
  if (loaded.config.routes.length === 0) {
    const where = loaded.source === 'command line' ? '' : ` (${loaded.source} has no routes)`;
    throw new UsageError(
      `nothing to serve${where}: pass --upstream URL to tap an API, --handler FILE#export to serve a Lambda handler, or --config FILE with routes`,
    );
  }
  await checkHandlers(loaded.config, loaded.source, loaded.locate);
}

/**
 * Runs the gateway, its admin listener (unless `admin: false`) and optional companions sharing
 * its queue until SIGTERM/SIGINT, then shuts down in order: stop accepting, finish in-flight
 * exchanges, stop companions, close the admin listener (metrics stay readable while draining),
 * close the queue. Logs the configuration's warnings first, and one startup summary once it
 * listens.
 *
 * @throws ListenError (exit code 1) when the gateway's or the admin listener's address is taken or privileged.
 * @example
 * ```ts
 * await runGateway(await loadConfigWithSource({ upstream: 'http://127.0.0.1:3000' }), { logFormat: 'json' });
 * ```
 */
export async function runGateway(loaded: LoadedConfig, options: RunGatewayOptions = {}): Promise<void> {
  const { config } = loaded;
  const logger = createLogger(config.log.level, process.stderr, options.logFormat ?? defaultLogFormat());
  for (const warning of configWarnings(config, { delivers: options.delivers ?? false })) {
    logger.warn({ warning: warning.code, path: loaded.locate(warning.path) }, warning.message);
  }
  // A capture's commit is on its request's path: checkpoints, which wait for the disk, go to a thread.
  const queue = openQueue(config.queue, { logger, checkpointIntervalMs: GATEWAY_CHECKPOINT_INTERVAL_MS });
  // Captures enter the history as they are committed (`queued`), so tail and the dashboard show
  // an exchange at once. Their thread of its own yields to the requests (see openHistoryWriter);
  // the forwarder's outcomes, which the history must not lose, go through another.
  const history = openHistoryWriter(config, logger, 'captures');
  const gateway = new Gateway({ config, queue, logger, ...(history !== undefined && { history }) });
  const adminConfig = config.admin;
  const admin =
    adminConfig === false
      ? undefined
      : new AdminServer({
          listen: adminConfig.listen,
          ...(adminConfig.token !== undefined && { token: adminConfig.token }),
          ...(adminConfig.users !== undefined && { users: adminConfig.users }),
          routes: gateway.adminRoutes,
          logger,
        });
  // The dashboard and its API share the admin listener (issue 14 §3).
  const dashboard = admin === undefined ? undefined : createDashboard(config, queue, { registry: gateway.metrics.registry });
  if (admin !== undefined) dashboard?.mount(admin);
  const started = options.companions?.(queue, logger, gateway) ?? [];
  const listeners: ListenerSummary[] = [];
  try {
    // The admin port first: a port in use stops the process before it takes any traffic.
    if (admin !== undefined && adminConfig !== false) {
      const address = await admin.listen().catch((error: unknown) => {
        throw listenFailure(error, {
          what: 'admin listener',
          host: adminConfig.listen.host,
          port: adminConfig.listen.port,
          choose: '--admin HOST:PORT (or off) or admin.listen in the configuration',
        });
      });
      listeners.push({ name: 'admin', address: `${address.address}:${address.port}` });
    }
    const address = await gateway.listen();
    listeners.push({ name: 'gateway', address: `${address.address}:${address.port}` });
  } catch (error) {
    dashboard?.close();
    await Promise.all([admin?.destroy(), gateway.destroy()]);
    history?.close();
    await queue.close();
    throw listenFailure(error, {
      what: 'gateway',
      host: config.listen.host,
      port: config.listen.port,
      choose: '--port PORT or listen.port in the configuration',
    });
  }
  logger.info(startupSummary(config, listeners), 'sluice started');
  for (const companion of started) companion.start();
  const signal = await untilShutdownSignal();
  logger.info({ signal }, 'shutting down');
  await gateway.close();
  await Promise.all(started.map((companion) => companion.stop()));
  // After the gateway's last capture.
  history?.close();
  dashboard?.close();
  await admin?.close();
  await queue.close();
  logger.info('stopped');
}
