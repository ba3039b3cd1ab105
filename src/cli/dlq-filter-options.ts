import type { Command } from 'commander';
import type { DeadLetterFilter } from '../admin/dead-letter-filter.js';
import { exchangeFilterOf, type ExchangeFilterOptions } from './history-options.js';

/** The filter options of `sluice dlq list|redrive|purge`, as commander passes them. */
export interface DeadLetterFilterOptions extends ExchangeFilterOptions {
  readonly error?: string;
}

/**
 * Adds the dead-letter filter: the words of `sluice history list` (`--since`, `--until`,
 * `--route`, `--method`, `--status`, `--path`), read against a dead letter, and `--error`.
 *
 * @example
 * ```ts
 * addDeadLetterFilterOptions(dlq.command('list'));
 * ```
 */
export function addDeadLetterFilterOptions(command: Command): Command {
  return command
    .option('--since <when>', 'dead-lettered at or after: a time (2026-01-01T12:00:00Z) or an age (15m, 2h, 7d)')
    .option('--until <when>', 'dead-lettered before: a time or an age, as --since')
    .option('--route <name>', 'only this route')
    .option('--method <method>', 'only this HTTP method')
    .option('--status <status>', "the destination's last status: a class (5xx) or a code (422)")
    .option('--path <prefix>', 'only paths starting with this')
    .option('--error <text>', 'text in the last error or the reason (any case)');
}

/**
 * The filter the options describe; empty when none is given.
 *
 * @throws UsageError naming the option that cannot be read.
 * @example
 * ```ts
 * deadLetterFilterOf({ route: 'users', status: '5xx' }, Date.now()); // { route: 'users', status: { class: 5 } }
 * ```
 */
export function deadLetterFilterOf(options: DeadLetterFilterOptions, now: number): DeadLetterFilter {
  return { ...exchangeFilterOf(options, now), ...(options.error !== undefined && { error: options.error }) };
}
