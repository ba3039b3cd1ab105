import type { Command } from 'commander';
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
          return `    - ${route.name}: ${match || 'everything'} -> ${route.target.type} ${route.target.url}${route.capture ? ' (captured)' : ''}`;
        }),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
