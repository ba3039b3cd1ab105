import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { SluiceConfig } from '../core/config-schema.js';
import { followHistory } from '../history/history-feed.js';
import type { HistoryChange } from '../history/types.js';
import { processIo, type CommandIo } from './command-io.js';
import { addConfigOptions } from './config-options.js';
import { EXIT_OK } from './exit-codes.js';
import { historyFilter, type HistoryFilterOptions } from './history-options.js';
import { openHistory } from './history.js';
import { loadConfig, type ConfigOptions } from './load-config.js';

const STATE_COLOURS: Record<string, string> = { queued: '\u001b[2m', delivered: '\u001b[32m', retrying: '\u001b[33m', dead_letter: '\u001b[31m' };
const RESET = '\u001b[0m';

/**
 * One line of `sluice tail`: time, method, path, status, the exchange's duration and the
 * delivery state with its attempts; the state coloured when `colour` is set.
 *
 * @example
 * ```ts
 * tailLine(change, false); // '12:00:00.000 POST /users 201 14ms delivered (1 attempt)'
 * ```
 */
export function tailLine(change: HistoryChange, colour: boolean): string {
  const entry = change.summary;
  const time = new Date(entry.time).toISOString().slice(11, 23);
  const state = colour ? `${STATE_COLOURS[entry.state] ?? ''}${entry.state}${RESET}` : entry.state;
  const attempts = `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`;
  const duration = entry.durationMs === null ? '-' : exchangeDuration(entry.durationMs);
  return `${time} ${entry.method ?? '-'} ${entry.path ?? '-'} ${entry.status ?? '-'} ${duration} ${state} (${attempts})`;
}

/** An API's latency: tenths under 10 ms, whole milliseconds under a second, then seconds. */
function exchangeDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)}ms`;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  return `${(ms / 1_000).toFixed(2)}s`;
}

/**
 * `sluice tail`: follows the history and prints each entry as it is written or changes state.
 * The gateway writes an exchange's entry as it commits the capture (`queued`), and the
 * forwarder updates it after each delivery attempt, so an exchange appears as it is captured
 * and again when its delivery state changes.
 *
 * @throws UsageError when the configuration turns the history off.
 * @example
 * ```ts
 * await tail(config, { json: true }, processIo(), controller.signal);
 * ```
 */
export async function tail(config: SluiceConfig, options: HistoryFilterOptions, io: CommandIo, signal: AbortSignal): Promise<number> {
  if (config.history === false) throw new UsageError('history: false in the configuration: sluice tail reads the history, so there is nothing to tail');
  const filter = historyFilter({ ...options, since: undefined }, Date.now());
  const since = options.since === undefined ? undefined : historyFilter({ since: options.since }, Date.now()).since;
  const colour = io.stdoutIsTty && process.env.NO_COLOR === undefined;
  const store = openHistory(config);
  try {
    // --since: the entries from then (the newest 1000), oldest first, before following what
    // changes from now on.
    const fromSeq = store.latestSeq();
    if (since !== undefined) {
      const backlog = [...store.list({ ...filter, since }, { limit: 1000 }).entries].reverse();
      for (const summary of backlog) io.stdout.write(format({ seq: fromSeq, summary }, options.json === true, colour));
    }
    for await (const change of followHistory(store, { fromSeq, filter, signal })) io.stdout.write(format(change, options.json === true, colour));
  } finally {
    store.close();
  }
  return EXIT_OK;
}

function format(change: HistoryChange, json: boolean, colour: boolean): string {
  if (!json) return `${tailLine(change, colour)}\n`;
  const entry = change.summary;
  return `${JSON.stringify({
    seq: change.seq,
    id: entry.id,
    timestamp: new Date(entry.time).toISOString(),
    route: entry.route,
    method: entry.method,
    endpoint: entry.path,
    status: entry.status,
    duration_ms: entry.durationMs,
    state: entry.state,
    attempts: entry.attempts,
    updated_at: new Date(entry.updatedAt).toISOString(),
  })}\n`;
}

/**
 * Registers `sluice tail`.
 *
 * @example
 * ```ts
 * registerTail(new Command('sluice'));
 * ```
 */
export function registerTail(program: Command): void {
  const command = program
    .command('tail')
    .description('follow exchanges live as they are captured, then as their delivery state changes (needs the history: not with history: false)')
    .option('--since <when>', 'start earlier: a time or an age (15m, 2h)')
    .option('--route <name>', 'only this route')
    .option('--method <method>', 'only this HTTP method')
    .option('--status <status>', 'response status: a class (5xx) or a code (404)')
    .option('--path <prefix>', 'only paths starting with this')
    .option('--json', 'one JSON object per line, for pipes')
    .addHelpText(
      'after',
      `
An exchange appears as the gateway captures it (queued, 0 attempts), and again each time its
delivery state changes (delivered, retrying, dead_letter). With --json, one object per change:
group them by "id".

Examples:
  $ sluice tail --data /var/lib/sluice
  $ sluice tail --route users --status 5xx
  $ sluice tail --json | jq .endpoint`,
    );
  addConfigOptions(command).action(async (options: ConfigOptions & HistoryFilterOptions) => {
    const controller = new AbortController();
    const stop = (): void => controller.abort();
    process.once('SIGINT', stop).once('SIGTERM', stop);
    try {
      process.exitCode = await tail(await loadConfig(options), options, processIo(), controller.signal);
    } finally {
      process.off('SIGINT', stop).off('SIGTERM', stop);
    }
  });
}
