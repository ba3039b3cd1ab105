import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { QueueNotFoundError, UsageError } from '../core/errors.js';
import { AdminServer } from '../gateway/admin-server.js';
import { openQueue } from '../queue/index.js';
import { createLogger } from '../telemetry/logger.js';
import { addConfigOptions, logFormatOf, type LogOptions } from './config-options.js';
import { createDashboard } from './dashboard-setup.js';
import { queuePath } from './inspect-queue.js';
import { listenFailure } from './listen-error.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { untilShutdownSignal } from './signals.js';

/**
 * Registers `sluice ui`: the dashboard alone, on the admin listener, for a queue that no running
 * gateway serves (a forwarder-only host, or a queue left behind).
 *
 * @example
 * ```ts
 * registerUi(new Command('sluice'));
 * ```
 */
export function registerUi(program: Command): void {
  const command = program
    .command('ui')
    .description('serve the web dashboard (live tail, search, dead letters, replay, charts) for a queue, without a gateway')
    .option('--admin <host:port>', 'where the dashboard listens (default 127.0.0.1:9901; beyond loopback admin.token or admin.users is required)')
    .addHelpText(
      'after',
      `
The dashboard and its JSON API (/api/...) are also served by sluice serve and sluice gateway on
their admin listener. Beyond loopback the listener needs admin.token (Authorization: Bearer) or
admin.users (HTTP Basic, which a browser prompts for).

Examples:
  $ sluice ui --data /var/lib/sluice                 # then open http://127.0.0.1:9901/
  $ sluice ui --config sluice.yaml --admin 127.0.0.1:8900
  $ SLUICE_ADMIN_TOKEN=... sluice ui --data .sluice --admin 0.0.0.0:9901`,
    );
  addConfigOptions(command, { logs: true }).action(async (options: ConfigOptions & LogOptions) => {
    const config = await loadConfig(options);
    if (config.admin === false) throw new UsageError('the configuration turns the admin listener off (admin: false): pass --admin HOST:PORT');
    const path = queuePath(config);
    if (path !== undefined && !existsSync(path)) throw new QueueNotFoundError(`no queue at ${path} (pass --data DIR or --config FILE)`);
    const logger = createLogger(config.log.level, process.stderr, logFormatOf(options));
    const adminConfig = config.admin;
    // It may redrive and purge, but never holds the disk reserve: that is the servers' job.
    const queue = openQueue(config.queue, { logger, keepSpaceReserve: false });
    const admin = new AdminServer({
      listen: adminConfig.listen,
      ...(adminConfig.token !== undefined && { token: adminConfig.token }),
      ...(adminConfig.users !== undefined && { users: adminConfig.users }),
      logger,
    });
    const dashboard = createDashboard(config, queue);
    dashboard.mount(admin);
    try {
      const address = await admin.listen();
      logger.info({ url: `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/` }, 'dashboard ready');
    } catch (error) {
      dashboard.close();
      await queue.close();
      throw listenFailure(error, { what: 'dashboard', host: adminConfig.listen.host, port: adminConfig.listen.port, choose: '--admin HOST:PORT' });
    }
    await untilShutdownSignal();
    dashboard.close();
    await admin.close();
    await queue.close();
  });
}
