import type { Command } from 'commander';
import { configWarnings } from '../core/config-warnings.js';
import { queueLocation } from '../core/queue-location.js';
import { nativeDifferences } from '../infra/ingest/native-differences.js';
import { processIo, type CommandIo } from './command-io.js';
import { checkHandlers } from './check-handlers.js';
import { checkNativeApis, nativeFace } from './check-native-apis.js';
import { EXIT_OK } from './exit-codes.js';
import { loadConfigWithSource } from './load-config.js';
import { describeMatch, describeTarget } from './startup-summary.js';

/**
 * `sluice config check FILE`: validates a configuration (handler files included, and that every
 * ingest route has a native API Gateway face), prints what it would run (with each ingest
 * route's face) and its warnings (valid settings that lose or expose records, and what an ingest
 * route's native face does differently from the gateway), and resolves with the exit code: 0
 * valid, with or without warnings.
 *
 * @throws ConfigError (exit code 2) listing every problem with its key path and line.
 * @example
 * ```ts
 * process.exitCode = await checkConfig('sluice.yaml', processIo());
 * ```
 */
export async function checkConfig(file: string, io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const loaded = await loadConfigWithSource({ config: file }, env);
  await checkHandlers(loaded.config, loaded.source, loaded.locate);
  const faces = checkNativeApis(loaded.config, loaded.source, loaded.locate);
  const config = loaded.config;
  // Differences API Gateway imposes are said here, not only in the README (issue 13 §2).
  const warnings = [...configWarnings(config), ...nativeDifferences(faces, config.routes)];
  const lines = [
    `${file}: ok${warnings.length > 0 ? ` (${warnings.length} ${warnings.length === 1 ? 'warning' : 'warnings'})` : ''}`,
    `  listen        ${config.listen.host}:${config.listen.port}`,
    `  queue         ${config.queue.driver} ${queueLocation(config.queue)}`,
    `  destination   ${config.destination ? `${config.destination.url}${config.destination.signing_secret.length > 0 ? ' (signed)' : ' (unsigned)'}` : '(none: captures stay queued)'}`,
    `  routes        ${config.routes.length}`,
    ...config.routes.map(
      (route) =>
        `    - ${route.name}: ${describeMatch(route)} -> ${describeTarget(route.target)}${route.auth ? ` (${route.auth.type} auth)` : ''}${route.capture ? ' (captured)' : ''}${nativeFace(faces, route.name)}`,
    ),
    ...warnings.map((warning) => `warning: ${loaded.locate(warning.path)}: ${warning.message}`),
  ];
  io.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

/**
 * Registers `sluice config check FILE`.
 *
 * @example
 * ```ts
 * registerConfig(new Command('sluice'));
 * ```
 */
export function registerConfig(program: Command): void {
  const config = program
    .command('config')
    .description('work with configuration files')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice config check sluice.yaml`,
    );
  config
    .command('check')
    .argument('<file>', 'the sluice.yaml to validate')
    .description(
      'validate a configuration: every problem with its key path and line (exit code 2), then warnings about valid settings that lose or expose records (exit code 0)',
    )
    .addHelpText(
      'after',
      `
Warnings: a route that never matches (an earlier one has the same host, path and methods),
captured routes without a destination, a destination without a signing secret, and what an
ingest route's native API Gateway face does differently from the gateway.

Examples:
  $ sluice config check sluice.yaml
  $ OPS_PASSWORD_HASH=... sluice config check deploy/sluice.yaml`,
    )
    .action(async (file: string) => {
      process.exitCode = await checkConfig(file, processIo());
    });
}
