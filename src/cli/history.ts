import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import type { SluiceConfig } from '../core/config-schema.js';
import { MessageNotFoundError, QueueNotFoundError, UsageError } from '../core/errors.js';
import { historyPathFor } from '../history/history-schema.js';
import { HistoryStore } from '../history/history-store.js';
import type { HistoryEntry, HistoryPage, HistorySummary } from '../history/types.js';
import { processIo, type CommandIo } from './command-io.js';
import { addConfigOptions } from './config-options.js';
import { EXIT_OK } from './exit-codes.js';
import { formatDuration, formatTime } from './format-units.js';
import { addHistoryFilterOptions, historyFilter, parseLimit, type HistoryFilterOptions } from './history-options.js';
import { queuePath } from './inspect-queue.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { formatTable } from './table.js';

/**
 * Opens the history of the configured embedded queue read-only, runs `work` and closes it.
 *
 * @throws UsageError for a queue driver that keeps no history; QueueNotFoundError when no
 *   forwarder has written one at that place yet.
 * @example
 * ```ts
 * const page = withHistory(config, (store) => store.list({ state: 'dead_letter' }));
 * ```
 */
export function withHistory<T>(config: SluiceConfig, work: (store: HistoryStore) => T): T {
  const store = openHistory(config);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/**
 * Opens the history of the configured embedded queue read-only; the caller closes it (for work
 * that outlives one call, such as `sluice tail`).
 *
 * @throws UsageError for a queue driver that keeps no history; QueueNotFoundError when no
 *   forwarder has written one at that place yet.
 * @example
 * ```ts
 * const store = openHistory(config);
 * try { for await (const change of followHistory(store)) print(change); } finally { store.close(); }
 * ```
 */
export function openHistory(config: SluiceConfig): HistoryStore {
  const path = queuePath(config);
  if (path === undefined) throw new UsageError('only the embedded queue keeps a history (queue.driver: sqlite with a file)');
  const file = historyPathFor(path);
  if (!existsSync(file)) {
    const why =
      config.history === false ? ' (history: false in the configuration)' : ' (pass --data DIR or --config FILE, or deliver something with sluice serve first)';
    throw new QueueNotFoundError(`no history at ${file}${why}`);
  }
  return HistoryStore.openReadonly(file);
}

/**
 * `sluice history list` and `search`: matching entries, newest first, one page.
 *
 * @example
 * ```ts
 * await historyList(config, { status: '5xx', json: true }, processIo());
 * await historyList(config, {}, processIo(), 'morpheus');
 * ```
 */
export function historyList(config: SluiceConfig, options: HistoryFilterOptions, io: CommandIo, text?: string): number {
  const filter = historyFilter(options, Date.now(), text);
  const limit = parseLimit(options.limit);
  const page = withHistory(config, (store) => {
    try {
      return store.list(filter, { limit, ...(options.cursor !== undefined && { cursor: options.cursor }) });
    } catch (error) {
      if (error instanceof RangeError) throw new UsageError(`--cursor: ${error.message}`);
      throw error;
    }
  });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(pageView(page), null, 2)}\n`);
    return EXIT_OK;
  }
  if (page.entries.length === 0) {
    io.stdout.write(options.cursor === undefined ? 'No history entries match.\n' : 'No more history entries.\n');
    return EXIT_OK;
  }
  const now = Date.now();
  const rows = [
    ['ID', 'CAPTURED', 'ROUTE', 'METHOD', 'PATH', 'STATUS', 'STATE', 'ATTEMPTS'],
    ...page.entries.map((entry) => [
      entry.id,
      `${formatDuration(now - entry.time)} ago`,
      entry.route ?? '-',
      entry.method ?? '-',
      entry.path ?? '-',
      entry.status === null ? '-' : String(entry.status),
      entry.state,
      String(entry.attempts),
    ]),
  ];
  const more = page.nextCursor === undefined ? '' : `\nnext page: --cursor ${page.nextCursor}`;
  io.stdout.write(`${formatTable(rows, { align: ['left', 'left', 'left', 'left', 'left', 'right', 'left', 'right'] })}${more}\n`);
  return EXIT_OK;
}

/**
 * `sluice history show ID`: one entry with its record and every delivery attempt.
 *
 * @throws MessageNotFoundError (exit code 1) when the history has no such entry.
 * @example
 * ```ts
 * historyShow(config, '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11', { json: true }, processIo());
 * ```
 */
export function historyShow(config: SluiceConfig, id: string, options: { json?: boolean }, io: CommandIo): number {
  const entry = withHistory(config, (store) => store.get(id));
  if (entry === undefined) throw new MessageNotFoundError(`no history entry with id ${id}`);
  if (options.json) {
    io.stdout.write(`${JSON.stringify(entryView(entry), null, 2)}\n`);
    return EXIT_OK;
  }
  const now = Date.now();
  const rows = [
    ['id', entry.id],
    ['captured', formatTime(entry.time, now)],
    ['route', entry.route ?? '-'],
    ['request', `${entry.method ?? '-'} ${entry.path ?? ''}`],
    ['status', entry.status === null ? '-' : String(entry.status)],
    ['state', entry.state],
  ];
  const attempts = [
    ['ATTEMPT', 'ENDED', 'DURATION', 'STATUS', 'ERROR'],
    ...entry.attemptLog.map((attempt) => [
      String(attempt.attempt),
      formatTime(attempt.at, now),
      `${Math.round(attempt.durationMs)} ms`,
      attempt.status === null ? '-' : String(attempt.status),
      attempt.error ?? '-',
    ]),
  ];
  io.stdout.write(`${formatTable(rows)}\nattempts:\n${formatTable(attempts, { indent: '  ' })}\nrecord:\n${JSON.stringify(entry.record, null, 2)}\n`);
  return EXIT_OK;
}

/** The JSON of a list: snake_case, times as ISO strings. */
function pageView(page: HistoryPage): { entries: Record<string, unknown>[]; next_cursor: string | null } {
  return { entries: page.entries.map(summaryView), next_cursor: page.nextCursor ?? null };
}

function summaryView(entry: HistorySummary): Record<string, unknown> {
  return {
    id: entry.id,
    timestamp: new Date(entry.time).toISOString(),
    route: entry.route,
    method: entry.method,
    endpoint: entry.path,
    status: entry.status,
    state: entry.state,
    attempts: entry.attempts,
    updated_at: new Date(entry.updatedAt).toISOString(),
  };
}

function entryView(entry: HistoryEntry): Record<string, unknown> {
  return {
    ...summaryView(entry),
    delivery_attempts: entry.attemptLog.map((attempt) => ({
      attempt: attempt.attempt,
      at: new Date(attempt.at).toISOString(),
      duration_ms: attempt.durationMs,
      status: attempt.status,
      error: attempt.error,
    })),
    record: entry.record,
  };
}

/**
 * Registers `sluice history list|show|search`.
 *
 * @example
 * ```ts
 * registerHistory(new Command('sluice'));
 * ```
 */
export function registerHistory(program: Command): void {
  const history = program
    .command('history')
    .description('search delivered records and their delivery attempts (embedded queue; history: false turns it off)')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice history list --status 5xx --since 1h
  $ sluice history search morpheus --route users
  $ sluice history show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11`,
    );
  const list = history
    .command('list')
    .description('list history entries, newest first')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice history list --data /var/lib/sluice
  $ sluice history list --status 5xx --since 1h
  $ sluice history list --route users --state dead_letter --json | jq '.entries[].id'
  $ sluice history list --limit 20 --cursor 1767268800000.42`,
    );
  addConfigOptions(addHistoryFilterOptions(list)).action(async (options: ConfigOptions & HistoryFilterOptions) => {
    process.exitCode = historyList(await loadConfig(options), options, processIo());
  });
  const search = history
    .command('search')
    .description('list history entries whose headers, bodies, path or query contain every word of TEXT')
    .argument('<text>', 'words to find (all of them; punctuation is matched as written)')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice history search morpheus
  $ sluice history search "order 4711" --route orders --since 1d
  $ sluice history search timeout --status 5xx --json`,
    );
  addConfigOptions(addHistoryFilterOptions(search)).action(async (text: string, options: ConfigOptions & HistoryFilterOptions) => {
    process.exitCode = historyList(await loadConfig(options), options, processIo(), text);
  });
  const show = history
    .command('show')
    .description('show one entry: its record and every delivery attempt')
    .argument('<id>', 'the record id (as history list prints it)')
    .option('--json', 'print JSON for scripts')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice history show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice history show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11 --json | jq .delivery_attempts`,
    );
  addConfigOptions(show).action(async (id: string, options: ConfigOptions & { json?: boolean }) => {
    process.exitCode = historyShow(await loadConfig(options), id, options, processIo());
  });
}
