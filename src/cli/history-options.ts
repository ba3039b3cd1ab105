import { Option, type Command } from 'commander';
import { parseDuration } from '../core/units.js';
import { UsageError } from '../core/errors.js';
import { HISTORY_STATES } from '../history/types.js';
import type { ExchangeFilter, HistoryFilter, HistoryState, StatusFilter } from '../history/types.js';

/** The filter options of `sluice history list` and `search`, as commander passes them. */
export interface HistoryFilterOptions {
  readonly since?: string;
  readonly until?: string;
  readonly route?: string;
  readonly method?: string;
  readonly status?: string;
  readonly path?: string;
  readonly state?: HistoryState;
  readonly limit?: string;
  readonly cursor?: string;
  readonly json?: boolean;
}

/**
 * Adds the options `list` and `search` share: the filters, `--limit`, `--cursor` and `--json`.
 *
 * @example
 * ```ts
 * addHistoryFilterOptions(program.command('list'));
 * ```
 */
export function addHistoryFilterOptions(command: Command): Command {
  return command
    .option('--since <when>', 'captured at or after: a time (2026-01-01T12:00:00Z) or an age (15m, 2h, 7d)')
    .option('--until <when>', 'captured before: a time or an age, as --since')
    .option('--route <name>', 'only this route')
    .option('--method <method>', 'only this HTTP method')
    .option('--status <status>', 'response status: a class (2xx, 4xx, 5xx) or a code (404)')
    .option('--path <prefix>', 'only paths starting with this')
    .addOption(new Option('--state <state>', 'delivery state').choices([...HISTORY_STATES]))
    .option('--limit <n>', 'entries per page (default 50)')
    .option('--cursor <cursor>', 'the next page, as a previous page printed it')
    .option('--json', 'print JSON for scripts');
}

/**
 * The filter the options describe.
 *
 * @throws UsageError naming the option that cannot be read.
 * @example
 * ```ts
 * historyFilter({ status: '5xx', since: '1h' }, Date.now()); // { status: { class: 5 }, since: … }
 * ```
 */
export function historyFilter(options: HistoryFilterOptions, now: number, text?: string): HistoryFilter {
  return {
    ...exchangeFilterOf(options, now),
    ...(options.state !== undefined && { state: options.state }),
    ...(text !== undefined && { text }),
  };
}

/** The options every filter shares (the history's and the dead letters'), as commander passes them. */
export type ExchangeFilterOptions = Pick<HistoryFilterOptions, 'since' | 'until' | 'route' | 'method' | 'status' | 'path'>;

/**
 * The filter of `--since`, `--until`, `--route`, `--method`, `--status` and `--path`: the words
 * `sluice history` and `sluice dlq` share.
 *
 * @throws UsageError naming the option that cannot be read.
 * @example
 * ```ts
 * exchangeFilterOf({ route: 'users', status: '5xx' }, Date.now()); // { route: 'users', status: { class: 5 } }
 * ```
 */
export function exchangeFilterOf(options: ExchangeFilterOptions, now: number): ExchangeFilter {
  return {
    ...(options.since !== undefined && { since: parseWhen('--since', options.since, now) }),
    ...(options.until !== undefined && { until: parseWhen('--until', options.until, now) }),
    ...(options.route !== undefined && { route: options.route }),
    ...(options.method !== undefined && { method: options.method }),
    ...(options.status !== undefined && { status: parseStatus(options.status) }),
    ...(options.path !== undefined && { pathPrefix: options.path }),
  };
}

/**
 * `--limit`, 1 to 1000.
 *
 * @throws UsageError when it is not such a number.
 * @example
 * ```ts
 * parseLimit('20'); // 20
 * ```
 */
export function parseLimit(value: string | undefined): number {
  if (value === undefined) return 50;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new UsageError(`--limit: expected a whole number from 1 to 1000, got ${value}`);
  return limit;
}

/**
 * `--status`: a class (`5xx`) or a code (`404`). Shared with `sluice dlq`.
 *
 * @throws UsageError otherwise.
 * @example
 * ```ts
 * parseStatus('5xx'); // { class: 5 }
 * ```
 */
export function parseStatus(value: string): StatusFilter {
  const match = /^([1-5])xx$/i.exec(value);
  if (match !== null) return { class: Number(match[1]) as 1 | 2 | 3 | 4 | 5 };
  const exact = Number(value);
  if (Number.isInteger(exact) && exact >= 100 && exact <= 599) return { exact };
  throw new UsageError(`--status: expected a class such as 5xx or a code such as 404, got ${value}`);
}

/**
 * An age (`15m`: that long ago) or a time (anything with a date). Shared with `sluice dlq`.
 *
 * @throws UsageError naming `option` otherwise.
 * @example
 * ```ts
 * parseWhen('--since', '2h', Date.now()); // two hours ago, epoch milliseconds
 * ```
 */
export function parseWhen(option: string, value: string, now: number): number {
  const age = /^\d/.test(value) && !/^\d{4}-/.test(value) ? parseDuration(value) : undefined;
  if (age !== undefined) return now - age;
  const time = Date.parse(value);
  if (!Number.isNaN(time)) return time;
  throw new UsageError(`${option}: expected a time such as 2026-01-01T12:00:00Z or an age such as 2h, got ${value}`);
}
