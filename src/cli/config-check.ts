import type { Command } from 'commander';
import type { TargetConfig } from '../core/config-schema.js';
import { loadConfig } from './load-config.js';

/** `sluice config check FILE`: validates a configuration and summarises what it would run. */
export function registerConfig(program: Command): void {
  const config = program.command('config').description('work with configuration files');
  config
    .command('check')
    .argument('<file>', 'the sluice.yaml to validate')
    .description('validate a configuration: every problem with its key path and line; exit code 2 when invalid')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice config check sluice.yaml
  $ OPS_PASSWORD_HASH=... sluice config check deploy/sluice.yaml`,
    )
    .action(async (file: string) => {
      const loaded = await loadConfig({ config: file });
      const lines = [
        `${file}: ok`,
        `  listen        ${loaded.listen.host}:${loaded.listen.port}`,
        `  queue         ${loaded.queue.driver} ${loaded.queue.driver === 'sqs' ? loaded.queue.queue_url : loaded.queue.path}`,
        `  destination   ${loaded.destination?.url ?? '(none: captures stay queued)'}`,
        `  routes        ${loaded.routes.length}`,
        ...loaded.routes.map((route) => {
          const match = [route.match.host && `host ${route.match.host}`, route.match.path && `path ${route.match.path}`, route.match.path_prefix && `prefix ${route.match.path_prefix}`, route.match.methods && route.match.methods.join(',')]
            .filter(Boolean)
            .join(' ');
          return `    - ${route.name}: ${match || 'everything'} -> ${describeTarget(route.target)}${route.auth ? ` (${route.auth.type} auth)` : ''}${route.capture ? ' (captured)' : ''}`;
        }),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}

/** One line per target: where requests go. */
function describeTarget(target: TargetConfig): string {
  if (target.type === 'http') return `http ${target.url}`;
  const where = target.handler !== undefined ? `handler ${target.handler}` : target.endpoint !== undefined ? `emulator ${target.endpoint}` : `function ${target.function}${target.qualifier ? `:${target.qualifier}` : ''}`;
  return `lambda ${where} (${target.event})`;
}
