import { Command, CommanderError } from 'commander';
import { SluiceError } from '../core/errors.js';
import { EXIT_OK, EXIT_USAGE, exitCodeFor } from './exit-codes.js';
import { exitQuietlyOnBrokenPipe } from './broken-pipe.js';
import { registerCommands } from './commands.js';
import { VERSION } from '../telemetry/version.js';

let pipesGuarded = false;

/**
 * Runs the command line and resolves with the exit code. It calls `process.exit` only when
 * stdout's reader has gone (`sluice dlq list | head -1`): then nothing left can be printed.
 * Servers started by a command shut down through their own signal handlers.
 *
 * @example
 * ```ts
 * process.exitCode = await main(process.argv);
 * ```
 */
export async function main(argv: readonly string[]): Promise<number> {
  if (!pipesGuarded) exitQuietlyOnBrokenPipe(process.stdout, process.stderr, () => process.exit(EXIT_OK));
  pipesGuarded = true;
  const program = new Command('sluice')
    .description('HTTP gateway for serverless backends: tap, invoke, ingest.')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes: 0 ok, 1 failure (a port taken, a queue unreachable, a critical alarm), 2 bad usage
or configuration.

Examples:
  $ sluice serve --upstream http://127.0.0.1:3000 --destination https://hooks.example.com/ingest
  $ sluice config check sluice.yaml
  $ sluice status --watch
  $ sluice dlq list | head`,
    );
  registerCommands(program);
  try {
    await program.parseAsync(argv as string[]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    process.stderr.write(`sluice: ${error instanceof SluiceError ? error.message : String((error as Error)?.stack ?? error)}\n`);
    return exitCodeFor(error);
  }
}
