import type { Command } from 'commander';
import { addConfigOptions, logFormatOf, type LogOptions } from './config-options.js';
import { loadConfigWithSource, type ConfigOptions } from './load-config.js';
import { checkServable, runGateway } from './run-gateway.js';

/** `sluice gateway`: the gateway alone, capturing into the queue; forwarders run elsewhere. */
export function registerGateway(program: Command): void {
  const command = program
    .command('gateway')
    .description('run the gateway only: route, proxy and capture into the queue (no delivery)')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice gateway --config sluice.yaml
  $ sluice gateway --upstream http://127.0.0.1:3000 --port 8080 --data /var/lib/sluice
  $ sluice gateway --handler ./handlers/users.mjs#handler --port 3000 --log-level debug
  $ sluice gateway --config sluice.yaml --admin 127.0.0.1:9902   # a second gateway on this machine
  $ sluice forward --config sluice.yaml     # deliver from the same queue, in another process`,
    );
  addConfigOptions(command, { server: true, logs: true }).action(async (options: ConfigOptions & LogOptions) => {
    const loaded = await loadConfigWithSource(options);
    await checkServable(loaded);
    await runGateway(loaded, { logFormat: logFormatOf(options) });
  });
}
