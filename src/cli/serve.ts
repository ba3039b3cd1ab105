import type { Command } from 'commander';
import { createForwarder } from '../forwarder/from-config.js';
import { addConfigOptions } from './config-options.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { runGateway } from './run-gateway.js';

/** `sluice serve`: gateway and forwarder in one process, sharing the embedded queue. */
export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('run the gateway and the forwarder in one process: tap, queue, deliver')
    .addHelpText(
      'after',
      `
The destination's signing secret (whsec_...) is read from SLUICE_SIGNING_SECRET when the
configuration sets none.

Examples:
  $ sluice serve --upstream http://127.0.0.1:3000 --destination https://hooks.example.com/ingest
  $ SLUICE_SIGNING_SECRET=whsec_... sluice serve --upstream https://api.example.com --destination https://hooks.example.com/in --port 9000 --data /var/lib/sluice
  $ sluice serve --config sluice.yaml
  $ sluice serve --handler ./handlers/users.mjs#handler            # a Lambda handler as an HTTP service
  $ sluice serve --handler ./index.js --event apigw-v1 --port 3000  # REST API (v1) events
  $ sluice serve --config lrp.yaml                                   # a lambda-reverse-proxy file as it is`,
    );
  addConfigOptions(command, { server: true }).action(async (options: ConfigOptions) => {
    const config = await loadConfig(options);
    const source = options.config ?? 'command line';
    await runGateway(config, (queue, logger, gateway) => {
      if (config.destination === undefined) {
        logger.warn('no destination configured: captures stay in the queue until a forwarder runs (set destination.url or --destination)');
        return [];
      }
      return [createForwarder(config, { queue, logger, registry: gateway.metrics.registry, source })];
    });
  });
}
