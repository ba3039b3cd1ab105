import { Option, type Command } from 'commander';
import type { SluiceConfig } from '../core/config-schema.js';
import { InvalidArgumentError, UsageError } from '../core/errors.js';
import { HISTORY_STATES, type HistorySummary } from '../history/types.js';
import { parseReplayRate, parseReplayTarget, replay, selectEntries, type ReplayOptions, type ReplayRate } from '../replay/index.js';
import { processIo, type CommandIo } from './command-io.js';
import { addConfigOptions } from './config-options.js';
import { confirm } from './confirm.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { historyFilter, type HistoryFilterOptions } from './history-options.js';
import { openHistory } from './history.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { Progress } from './progress.js';
import { replayDiffText, replayPlan, replaySummaryJson, replaySummaryText } from './replay-report.js';

/** `sluice replay`'s options, as commander passes them: the history's filters and its own. */
export interface ReplayCommandOptions extends Omit<HistoryFilterOptions, 'cursor'> {
  readonly to?: string;
  /** Words every entry must hold (as `sluice history search`). */
  readonly search?: string;
  readonly id?: readonly string[];
  readonly rate?: string;
  readonly dryRun?: boolean;
  readonly yes?: boolean;
  readonly diff?: boolean;
}

/** What the command line gives a replay besides its options; tests give the engine a dispatcher or a clock. */
export interface ReplayControl {
  /** Aborted on Ctrl-C: the replay stops after the request under way. */
  readonly signal?: AbortSignal;
  /** Called once confirmed, just before the first request is sent. */
  readonly onSending?: () => void;
  readonly engine?: Pick<ReplayOptions, 'dispatcher' | 'clock' | 'timeoutMs'>;
}

const FILTER_OPTIONS = ['since', 'until', 'route', 'method', 'status', 'path', 'state', 'search'] as const;

/**
 * `sluice replay` (issue 14 §2): sends the history entries that match again to `--to`, in
 * capture order at the original pace times `--rate` (or a fixed rate), each with a
 * `Sluice-Replay: <record id>` header, and ends with how the new responses differ from the
 * recorded ones. It says how many match and where they go, and asks before sending unless
 * `--yes` or `--dry-run`. Resolves with the exit code: 0 when every request got a response (even
 * a changed one), 1 when one did not, the replay was interrupted or the user declined.
 *
 * @throws UsageError (exit code 2) for a bad `--to`, `--rate` or `--limit`, an unknown `--id`, `--id`
 *   with filters, or no terminal to confirm on without `--yes`.
 * @example
 * ```ts
 * process.exitCode = await runReplay(config, { to: 'http://127.0.0.1:3000', status: '5xx', rate: '10x', yes: true }, processIo());
 * ```
 */
export async function runReplay(config: SluiceConfig, options: ReplayCommandOptions, io: CommandIo, control: ReplayControl = {}): Promise<number> {
  const to = asUsage(() => parseReplayTarget(options.to, '--to'));
  const rate: ReplayRate = options.rate === undefined ? { kind: 'factor', factor: 1 } : asUsage(() => parseReplayRate(options.rate!), '--rate: ');
  const limit = parseReplayLimit(options.limit);
  const ids = [...new Set(options.id ?? [])];
  const filtered = FILTER_OPTIONS.filter((name) => options[name] !== undefined);
  if (ids.length > 0 && filtered.length > 0) throw new UsageError(`pass either --id or history filters (--${filtered.join(', --')}), not both`);
  const filter = historyFilter(options, Date.now(), options.search);
  const dryRun = options.dryRun === true;
  const json = options.json === true;

  const store = openHistory(config);
  try {
    const selection = ids.length > 0 ? { ids } : { filter };
    const entries = asUsage(() => selectEntries(store, { ...selection, ...(limit !== undefined && { limit }) }));
    if (entries.length === 0) {
      const empty = { total: 0, sent: 0, failed: 0, statusChanged: 0, bodyChanged: 0, redacted: 0, dryRun, results: [] };
      io.stdout.write(
        json ? `${JSON.stringify(replaySummaryJson(empty, { to, interrupted: false }), null, 2)}\n` : 'No history entries match: nothing to replay.\n',
      );
      return EXIT_OK;
    }
    io.stderr.write(`${replayPlan(entries.length, to, rate, span(entries), dryRun)}\n`);
    if (!dryRun) {
      const action = `replay ${entries.length} exchange${entries.length === 1 ? '' : 's'} to ${to.href}`;
      if (!(await confirm('Send them?', io, { yes: options.yes === true, action }))) {
        io.stderr.write('Cancelled: nothing sent.\n');
        return EXIT_FAILURE;
      }
    }
    control.onSending?.();
    // A bar that rewrites itself on a terminal, a line now and then in logs; nothing next to --json.
    const progress = !json && !dryRun ? new Progress(io, 'replayed', entries.length) : undefined;
    const summary = await replay(store, {
      ...control.engine,
      to,
      rate,
      dryRun,
      entries,
      ...(control.signal !== undefined && { signal: control.signal }),
      ...(progress !== undefined && { onProgress: (done: number) => progress.update(done) }),
    });
    progress?.done(summary.results.length);
    const interrupted = summary.results.length < summary.total;
    if (json) {
      io.stdout.write(`${JSON.stringify(replaySummaryJson(summary, { to, interrupted }), null, 2)}\n`);
    } else {
      const diff = options.diff === true ? replayDiffText(summary) : '';
      io.stdout.write(`${diff === '' ? '' : `${diff}\n\n`}${replaySummaryText(summary, { interrupted })}\n`);
    }
    return summary.failed > 0 || interrupted ? EXIT_FAILURE : EXIT_OK;
  } finally {
    store.close();
  }
}

/** From the first capture to the last: how long the replay takes at the original pace. */
function span(entries: readonly HistorySummary[]): number {
  return entries.length === 0 ? 0 : entries[entries.length - 1]!.time - entries[0]!.time;
}

/** `--limit`: any positive whole number (a replay is not a page), or every match when absent. */
function parseReplayLimit(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(limit) || limit < 1) throw new UsageError(`--limit: expected a whole number from 1, got ${value}`);
  return limit;
}

/** Runs `read`, turning the engine's `InvalidArgumentError` into a `UsageError` (exit code 2). */
function asUsage<T>(read: () => T, prefix = ''): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(`${prefix}${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * Registers `sluice replay`. The first Ctrl-C stops after the request under way and prints the
 * summary; a second, or one before anything was sent, quits at once.
 *
 * @example
 * ```ts
 * registerReplay(new Command('sluice'));
 * ```
 */
export function registerReplay(program: Command): void {
  const command = program
    .command('replay')
    .description('send recorded requests again to another URL, in order and at their pace, and report how the responses differ (needs the history)')
    .requiredOption('--to <url>', 'where to send them (http or https; the recorded path and query are appended to its path)')
    .option('--since <when>', 'captured at or after: a time (2026-01-01T12:00:00Z) or an age (15m, 2h, 7d)')
    .option('--until <when>', 'captured before: a time or an age, as --since')
    .option('--route <name>', 'only this route')
    .option('--method <method>', 'only this HTTP method')
    .option('--status <status>', 'recorded status: a class (2xx, 4xx, 5xx) or a code (404)')
    .option('--path <prefix>', 'only paths starting with this')
    .addOption(new Option('--state <state>', 'delivery state').choices([...HISTORY_STATES]))
    .option('--search <words>', 'only entries whose headers, bodies, path or query hold every word (as history search)')
    .option('--id <id>', 'this entry (repeat for more), instead of filters', (id: string, ids: string[] = []) => [...ids, id])
    .option('--limit <n>', 'at most the newest N that match (still sent oldest first)')
    .option('--rate <rate>', 'pace: 2x or 0.5x the original, or a fixed 100/s (default 1x)')
    .option('--dry-run', 'list what would be sent, send nothing')
    .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
    .option('--diff', 'show the status change and a compact body diff of each changed exchange')
    .option('--json', 'print the summary as one JSON object, every request in it');
  addConfigOptions(command).addHelpText(
    'after',
    `
Each request carries Sluice-Replay: <record id>. Values redacted at capture are sent as
[REDACTED]: the summary counts those requests. TLS certificates are verified. Ctrl-C stops after
the request under way and prints the summary of what was sent.
Exit codes: 0 every request got a response (changed or not), 1 one did not (or interrupted),
2 bad usage.

Examples:
  $ sluice replay --to http://127.0.0.1:3000 --since 1h --dry-run
  $ sluice replay --to https://staging.example.com --route users --status 5xx --rate 10x --diff
  $ sluice replay --to http://127.0.0.1:3000 --id 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11 --yes
  $ sluice replay --to http://127.0.0.1:3000 --search "order 4711" --rate 100/s --yes --json | jq .failed`,
  );
  command.action(async (options: ConfigOptions & ReplayCommandOptions) => {
    const controller = new AbortController();
    let sending = false;
    const quit = (): never => process.exit(130);
    const stop = (): void => {
      // Before anything was sent there is nothing to summarise (and a prompt may be waiting).
      if (!sending) quit();
      controller.abort();
      process.stderr.write('\nStopping after the request under way (Ctrl-C again to quit at once).\n');
      process.once('SIGINT', quit);
    };
    process.once('SIGINT', stop);
    try {
      process.exitCode = await runReplay(await loadConfig(options), options, processIo(), { signal: controller.signal, onSending: () => (sending = true) });
    } finally {
      process.off('SIGINT', stop).off('SIGINT', quit);
    }
  });
}
