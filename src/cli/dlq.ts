import { Option, type Command } from 'commander';
import type { SluiceConfig } from '../core/config-schema.js';
import { MessageNotFoundError, UsageError } from '../core/errors.js';
import type { DeadLetterPosition, Queue } from '../queue/types.js';
import { processIo, type CommandIo } from './command-io.js';
import { addConfigOptions } from './config-options.js';
import { confirm } from './confirm.js';
import { deadLetterRecord, viewDeadLetter } from '../admin/dead-letter-view.js';
import { isEmptyFilter, type DeadLetterFilter } from '../admin/dead-letter-filter.js';
import { applyToMatching, listDeadLetters, SCAN_PAGE } from '../admin/dead-letter-scan.js';
import { addDeadLetterFilterOptions, deadLetterFilterOf, type DeadLetterFilterOptions } from './dlq-filter-options.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { formatCount, formatDuration, formatTime } from './format-units.js';
import { withQueue } from './inspect-queue.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { Progress } from './progress.js';
import { formatTable } from './table.js';

const MAX_LIST_LIMIT = 1000;
const ERROR_COLUMN_WIDTH = 60;
const ENDPOINT_COLUMN_WIDTH = 40;

/**
 * `sluice dlq list`: dead letters, oldest first, with attempts, last status and last error.
 *
 * @example
 * ```ts
 * await dlqList(config, { limit: 20 }, processIo());
 * ```
 */
export async function dlqList(
  config: SluiceConfig,
  options: { limit?: number; after?: string; json?: boolean; filter?: DeadLetterFilter },
  io: CommandIo,
): Promise<number> {
  const limit = options.limit ?? 50;
  const filter = options.filter ?? {};
  const { after } = options;
  const { letters: views, total } = await withQueue(config, async (queue) => {
    let cursor: DeadLetterPosition | undefined;
    if (after !== undefined) {
      const letter = await queue.dlq.get(after);
      if (letter === undefined) throw new MessageNotFoundError(`no dead letter with id ${after} to continue after`);
      cursor = { deadLetteredAt: letter.deadLetteredAt, id: letter.id };
    }
    return listDeadLetters(queue, filter, { limit, ...(cursor !== undefined && { cursor }) });
  });
  if (options.json) {
    io.stdout.write(`${JSON.stringify(views, null, 2)}\n`);
    return EXIT_OK;
  }
  if (views.length === 0) {
    const none = isEmptyFilter(filter) ? 'The dead-letter queue is empty.' : 'No dead letter matches the filter.';
    io.stdout.write(options.after === undefined ? `${none}\n` : 'No more dead letters.\n');
    return EXIT_OK;
  }
  const now = Date.now();
  const rows = [
    ['ID', 'DEAD-LETTERED', 'ROUTE', 'METHOD', 'ENDPOINT', 'ATTEMPTS', 'STATUS', 'REASON', 'LAST ERROR'],
    ...views.map((view) => [
      view.id,
      `${formatDuration(now - Date.parse(view.dead_lettered_at))} ago`,
      view.route ?? '-',
      view.method ?? '-',
      shorten(view.endpoint ?? '-', ENDPOINT_COLUMN_WIDTH),
      String(view.attempts),
      view.last_status === null ? '-' : String(view.last_status),
      view.reason ?? '-',
      shorten(view.last_error ?? '-', ERROR_COLUMN_WIDTH),
    ]),
  ];
  io.stdout.write(`${formatTable(rows, { align: ['left', 'left', 'left', 'left', 'left', 'right', 'right', 'left', 'left'] })}\n`);
  const same = isEmptyFilter(filter) ? '' : ' and the same filter';
  const more = views.length === limit ? `; next page: sluice dlq list --after ${views.at(-1)!.id}${same}` : '';
  const matching = isEmptyFilter(filter) ? '' : ' matching';
  io.stdout.write(`${formatCount(views.length)} shown of ${formatCount(total)}${matching} dead letters${more}\n`);
  return EXIT_OK;
}

/**
 * `sluice dlq show ID`: one dead letter in full: times, attempts, last status and error, and
 * the record it holds.
 *
 * @throws MessageNotFoundError (exit code 1) when there is no such dead letter.
 * @example
 * ```ts
 * await dlqShow(config, '0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11', { json: true }, processIo());
 * ```
 */
export async function dlqShow(config: SluiceConfig, id: string, options: { json?: boolean }, io: CommandIo): Promise<number> {
  const letter = await withQueue(config, (queue) => queue.dlq.get(id));
  if (letter === undefined) throw new MessageNotFoundError(`no dead letter with id ${id}`);
  const view = viewDeadLetter(letter);
  const content = deadLetterRecord(letter);
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ ...view, ...content, bytes: letter.body.length }, null, 2)}\n`);
    return EXIT_OK;
  }
  const now = Date.now();
  const rows = [
    ['id', view.id],
    ['sent', formatTime(letter.sentAt, now)],
    ['dead-lettered', formatTime(letter.deadLetteredAt, now)],
    ['route', view.route ?? '-'],
    ['request', view.method === null ? '-' : `${view.method} ${view.endpoint ?? ''}`],
    ['attempts', String(view.attempts)],
    ['last attempt', view.last_attempt_at === null ? '-' : formatTime(Date.parse(view.last_attempt_at), now)],
    ['last status', view.last_status === null ? `-${view.failure_class ? ` (${view.failure_class})` : ''}` : `${view.last_status} (${view.failure_class})`],
    ['last error', view.last_error ?? '-'],
    ['reason', view.reason ?? '-'],
  ];
  const record =
    'record' in content ? JSON.stringify(content.record, null, 2) : `(unreadable, ${formatCount(letter.body.length)} bytes: ${content.unreadable})`;
  io.stdout.write(`${formatTable(rows)}\nrecord:\n${record}\n`);
  return EXIT_OK;
}

/**
 * `sluice dlq redrive ID… | --all`: moves dead letters back to the main queue (receive count
 * reset) so the forwarder delivers them again. Asks first unless `yes`; resolves with the exit
 * code (1 when an id is not a dead letter or the user declines).
 *
 * @throws UsageError with neither ids nor `all`, or without a terminal and without `yes`.
 * @example
 * ```ts
 * process.exitCode = await dlqRedrive(config, [], { all: true, yes: true }, processIo());
 * ```
 */
export async function dlqRedrive(
  config: SluiceConfig,
  ids: readonly string[],
  options: { all?: boolean; yes?: boolean; filter?: DeadLetterFilter },
  io: CommandIo,
): Promise<number> {
  const filter = checkSelection(ids, options, 'name the dead letters to redrive (sluice dlq list shows their ids), pass a filter, or pass --all');
  return withQueue(config, async (queue) => {
    if (filter !== undefined) {
      return bulk(queue, io, filter, {
        verb: 'redrive',
        done: 'redriven',
        question: (total, which) => `Redrive ${which} ${formatCount(total)} dead letters for delivery again?`,
        yes: options.yes,
      });
    }
    const { found, missing } = await existing(queue, ids);
    if (found.length > 0) {
      const noun = found.length === 1 ? 'dead letter' : 'dead letters';
      if (
        !(await confirm(`Redrive ${formatCount(found.length)} ${noun} for delivery again?`, io, {
          yes: options.yes,
          action: `redrive ${found.length} ${noun}`,
        }))
      ) {
        return cancelled(io);
      }
      const moved = await queue.dlq.redrive(found);
      io.stdout.write(`Redriven ${formatCount(moved)} ${moved === 1 ? 'dead letter' : 'dead letters'}.\n`);
    }
    return reportMissing(missing, io);
  });
}

/**
 * `sluice dlq purge ID… | --all`: deletes dead letters for good. Like a redrive, deleting every
 * one takes `--all`: a forgotten id must never empty the queue. Asks first unless `yes`;
 * resolves with the exit code.
 *
 * @throws UsageError with neither ids nor `all`, or without a terminal and without `yes`.
 * @example
 * ```ts
 * process.exitCode = await dlqPurge(config, ['0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11'], { yes: true }, processIo());
 * ```
 */
export async function dlqPurge(
  config: SluiceConfig,
  ids: readonly string[],
  options: { all?: boolean; yes?: boolean; filter?: DeadLetterFilter },
  io: CommandIo,
): Promise<number> {
  const filter = checkSelection(
    ids,
    options,
    'name the dead letters to purge (sluice dlq list shows their ids), pass a filter, or pass --all to delete every one',
  );
  return withQueue(config, async (queue) => {
    if (filter !== undefined) {
      return bulk(queue, io, filter, {
        verb: 'purge',
        done: 'purged',
        question: (total, which) => `Delete ${which} ${formatCount(total)} dead letters permanently? This cannot be undone.`,
        yes: options.yes,
      });
    }
    const { found, missing } = await existing(queue, ids);
    if (found.length > 0) {
      const noun = found.length === 1 ? 'dead letter' : 'dead letters';
      const question = `Delete ${formatCount(found.length)} ${noun} permanently? This cannot be undone.`;
      if (!(await confirm(question, io, { yes: options.yes, action: `purge ${found.length} ${noun}` }))) return cancelled(io);
      const purged = await queue.dlq.purge(found);
      io.stdout.write(`Purged ${formatCount(purged)} ${purged === 1 ? 'dead letter' : 'dead letters'}.\n`);
    }
    return reportMissing(missing, io);
  });
}

interface BulkOperation {
  readonly verb: 'redrive' | 'purge';
  readonly done: string;
  /** `which` is "all" for every letter, "the matching" for a filter. */
  readonly question: (total: number, which: string) => string;
  readonly yes: boolean | undefined;
}

/**
 * The bulk form's filter: `--all` is the empty filter, filter options narrow it; undefined for
 * ids. Deleting or moving everything takes `--all`: a forgotten id must never empty the queue.
 */
function checkSelection(ids: readonly string[], options: { all?: boolean; filter?: DeadLetterFilter }, missing: string): DeadLetterFilter | undefined {
  const filtered = options.filter !== undefined && !isEmptyFilter(options.filter);
  if (ids.length > 0 && (options.all || filtered)) throw new UsageError('pass either dead-letter ids or --all / filter options, not both');
  if (options.all && filtered) throw new UsageError('pass either --all or filter options, not both');
  if (ids.length > 0) return undefined;
  if (!options.all && !filtered) throw new UsageError(missing);
  return options.filter ?? {};
}

/**
 * Every dead letter matching `filter` (all with an empty one), counted first, then acted on in
 * bounded steps with progress. Only letters dead-lettered by the time of the count are
 * covered: records that fail again during a redrive return to the DLQ with a later time and
 * must not loop forever, and a letter arriving meanwhile was not in the confirmed count.
 */
async function bulk(queue: Queue, io: CommandIo, filter: DeadLetterFilter, operation: BulkOperation): Promise<number> {
  const everything = isEmptyFilter(filter);
  const { total, as_of: asOf } = await listDeadLetters(queue, filter, { limit: 1 });
  if (total === 0) {
    io.stdout.write(everything ? 'The dead-letter queue is empty: nothing to do.\n' : 'No dead letter matches the filter: nothing to do.\n');
    return EXIT_OK;
  }
  const action = `${operation.verb} ${total} dead letters`;
  if (!(await confirm(operation.question(total, everything ? 'all' : 'the matching'), io, { yes: operation.yes, action }))) return cancelled(io);
  const progress = new Progress(io, operation.done, total);
  const { count } = await applyToMatching(queue.dlq, operation.verb, filter, { asOf, onProgress: (done) => progress.update(done) });
  if (total > SCAN_PAGE) progress.done(count);
  if (queue.dlq.bulkNote !== undefined) io.stderr.write(`Note: ${queue.dlq.bulkNote}\n`);
  io.stdout.write(`${capitalise(operation.done)} ${formatCount(count)} ${count === 1 ? 'dead letter' : 'dead letters'}.\n`);
  return EXIT_OK;
}

async function existing(queue: Queue, ids: readonly string[]): Promise<{ found: string[]; missing: string[] }> {
  const found: string[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) ((await queue.dlq.get(id)) === undefined ? missing : found).push(id);
  return { found, missing };
}

function reportMissing(missing: readonly string[], io: CommandIo): number {
  if (missing.length === 0) return EXIT_OK;
  io.stderr.write(`sluice: no dead letter with id ${missing.join(', ')}\n`);
  return EXIT_FAILURE;
}

function cancelled(io: CommandIo): number {
  io.stderr.write('Cancelled: nothing changed.\n');
  return EXIT_FAILURE;
}

function shorten(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function capitalise(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/**
 * Registers `sluice dlq list|show|redrive|purge`.
 *
 * @example
 * ```ts
 * registerDlq(new Command('sluice'));
 * ```
 */
export function registerDlq(program: Command): void {
  const dlq = program
    .command('dlq')
    .description('inspect and recover dead letters: records the destination never accepted')
    .addHelpText(
      'after',
      `
Examples:
  $ sluice dlq list --data /var/lib/sluice
  $ sluice dlq show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice dlq redrive 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11 --yes
  $ sluice dlq redrive --all
  $ sluice dlq list --route users --status 5xx --since 2h
  $ sluice dlq redrive --route users --status 503 --yes
  $ sluice dlq purge 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice dlq purge --path /api/legacy/ --until 7d
  $ sluice dlq purge --all --yes

Filters (list, redrive, purge) use the words of sluice history list, read against each dead
letter: --since/--until bound the time it was dead-lettered, --status is the destination's last
status, --error matches the last error or the reason. A filtered redrive or purge covers every
matching letter in the queue (not a page), asks with the count first, and leaves alone letters
dead-lettered after that count.`,
    );

  addConfigOptions(
    addDeadLetterFilterOptions(dlq.command('list'))
      .description('list dead letters, oldest first: route, method, endpoint, attempts, last status, reason and last error')
      .addOption(new Option('-n, --limit <count>', `how many to show (1-${MAX_LIST_LIMIT})`).default('50'))
      .option('--after <id>', 'continue after this dead letter (the last id of the previous page)')
      .option('--json', 'print JSON for scripts')
      .addHelpText(
        'after',
        `
Examples:
  $ sluice dlq list --data /var/lib/sluice
  $ sluice dlq list --limit 200 --after 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice dlq list --method POST --error timeout --json | jq -r '.[].id'`,
      ),
  ).action(async (options: ConfigOptions & DeadLetterFilterOptions & { limit: string; after?: string; json?: boolean }) => {
    const limit = Number(options.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) throw new UsageError(`--limit: expected 1 to ${MAX_LIST_LIMIT}, got ${options.limit}`);
    const filter = deadLetterFilterOf(options, Date.now());
    const config = await loadConfig(options);
    process.exitCode = await dlqList(
      config,
      { limit, ...(options.after !== undefined && { after: options.after }), json: options.json === true, filter },
      processIo(),
    );
  });

  addConfigOptions(
    dlq
      .command('show')
      .argument('<id>', 'the dead letter (its record id)')
      .description('show one dead letter: times, attempts, last status and error, and the record')
      .option('--json', 'print JSON for scripts')
      .addHelpText(
        'after',
        `
Examples:
  $ sluice dlq show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice dlq show 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11 --json | jq .record.body`,
      ),
  ).action(async (id: string, options: ConfigOptions & { json?: boolean }) => {
    const config = await loadConfig(options);
    process.exitCode = await dlqShow(config, id, { json: options.json === true }, processIo());
  });

  addConfigOptions(
    addDeadLetterFilterOptions(dlq.command('redrive'))
      .argument('[ids...]', 'dead letters to deliver again')
      .description(
        'move dead letters back to the queue for delivery: the ids named, every one matching the filter options, or every one with --all (asks first; --yes to skip)',
      )
      .option('--all', 'every dead letter, with progress')
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .addHelpText(
        'after',
        `
Examples:
  $ sluice dlq redrive 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11
  $ sluice dlq redrive --all --yes --config sluice.yaml
  $ sluice dlq redrive --route users --status 5xx --since 1h`,
      ),
  ).action(async (ids: string[], options: ConfigOptions & DeadLetterFilterOptions & { all?: boolean; yes?: boolean }) => {
    const filter = deadLetterFilterOf(options, Date.now());
    const config = await loadConfig(options);
    process.exitCode = await dlqRedrive(config, ids, { all: options.all === true, yes: options.yes === true, filter }, processIo());
  });

  addConfigOptions(
    addDeadLetterFilterOptions(dlq.command('purge'))
      .argument('[ids...]', 'dead letters to delete')
      .description('delete dead letters permanently: the ids named, every one matching the filter options, or every one with --all (asks first; --yes to skip)')
      .option('--all', 'every dead letter, with progress')
      .option('-y, --yes', 'do not ask for confirmation (required without a terminal)')
      .addHelpText(
        'after',
        `
Examples:
  $ sluice dlq purge 0190f5c2-7b1e-7c3a-9a51-2f1d1c0e8b11 --yes
  $ sluice dlq purge --all
  $ sluice dlq purge --path /api/legacy/ --error "HTTP 410"`,
      ),
  ).action(async (ids: string[], options: ConfigOptions & DeadLetterFilterOptions & { all?: boolean; yes?: boolean }) => {
    const filter = deadLetterFilterOf(options, Date.now());
    const config = await loadConfig(options);
    process.exitCode = await dlqPurge(config, ids, { all: options.all === true, yes: options.yes === true, filter }, processIo());
  });
}
