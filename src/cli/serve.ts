import type { Command } from 'commander';
import { createForwarder } from '../forwarder/from-config.js';
import { addConfigOptions, logFormatOf, type LogOptions } from './config-options.js';
import { loadConfigWithSource, type ConfigOptions } from './load-config.js';
import { checkServable, runGateway } from './run-gateway.js';

/** `sluice serve`: gateway and forwarder in one process, sharing the embedded queue. */
export function registerServe(program: Command): void {
  const command = program
    .command('serve')
    .description('run the gateway and the forwarder in one process: tap, queue, deliver')
    .addHelpText(
      'after',
      `
The destination's signing secret (whsec_...) is read from SLUICE_SIGNING_SECRET when the
configuration sets none. Without a destination, captures stay in the queue until a forwarder
with one runs. It refuses to start with nothing to serve (no route, no --upstream, no
--handler) or a handler file or export that does not exist (exit code 2), and when its port is
taken (exit code 1). /ping, /healthz and /metrics are on the admin listener (127.0.0.1:9901
unless --admin or admin.listen say otherwise), not on the proxied port.

Examples:
  $ sluice serve --upstream http://127.0.0.1:3000 --destination https://hooks.example.com/ingest
  $ SLUICE_SIGNING_SECRET=whsec_... sluice serve --upstream https://api.example.com --destination https://hooks.example.com/in --port 9000 --data /var/lib/sluice
  $ sluice serve --config sluice.yaml --log-level debug
  $ sluice serve --config sluice.yaml --log-format json 2> sluice.log
  $ sluice serve --handler ./handlers/users.mjs#handler            # a Lambda handler as an HTTP service
  $ sluice serve --handler ./index.js --event apigw-v1 --port 3000  # REST API (v1) events
  $ sluice serve --config lrp.yaml                                   # a lambda-reverse-proxy file as it is
  $ SLUICE_ADMIN_TOKEN=... sluice serve --config sluice.yaml --admin 0.0.0.0:9901   # metrics beyond loopback, with a token`,
    );
  addConfigOptions(command, { server: true, logs: true }).action(async (options: ConfigOptions & LogOptions) => {
    const loaded = await loadConfigWithSource(options);
    await checkServable(loaded);
    const { config, source } = loaded;
    await runGateway(loaded, {
      delivers: true,
      logFormat: logFormatOf(options),
      companions: (queue, logger, gateway) =>
        config.destination === undefined ? [] : [createForwarder(config, { queue, logger, registry: gateway.metrics.registry, source })],
    });
  });
}
