import { Option, type Command } from 'commander';
import type { SluiceConfig } from '../core/config-schema.js';
import { UsageError } from '../core/errors.js';
import { readDeliveryStats } from '../forwarder/delivery-stats.js';
import { processIo, type CommandIo } from './command-io.js';
import { addConfigOptions } from './config-options.js';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes.js';
import { queuePath, withQueue } from './inspect-queue.js';
import { loadConfig, type ConfigOptions } from './load-config.js';
import { buildStatusReport, renderStatusReport, type StatusReport } from './status-report.js';

export interface StatusOptions {
  readonly json?: boolean;
  /** Refresh every this many seconds until interrupted. */
  readonly watchSeconds?: number;
  /** Ends a watch (the command line passes one aborted on SIGINT/SIGTERM). */
  readonly signal?: AbortSignal;
}

/**
 * Reads the queue's figures and the recorded delivery activity and evaluates the alarms.
 *
 * @example
 * ```ts
 * const report = await collectStatus(await loadConfig({ data: '.sluice' }));
 * ```
 */
export async function collectStatus(config: SluiceConfig): Promise<StatusReport> {
  const path = queuePath(config);
  const stats = await withQueue(config, (queue) => queue.stats());
  // Delivery counters live next to the embedded queue's tables, written by every forwarder.
  const delivery = path === undefined ? undefined : readDeliveryStats(path);
  return buildStatusReport(stats, delivery, { path, oldestAgeThresholdMs: config.alarms.oldest_message_age });
}

/**
 * `sluice status`: prints the report once (or every `watchSeconds`) and resolves with the exit
 * code: 1 while a critical alarm fires (the last report's, for a watch), else 0.
 *
 * @example
 * ```ts
 * process.exitCode = await runStatus(config, { json: true }, processIo());
 * ```
 */
export async function runStatus(config: SluiceConfig, options: StatusOptions, io: CommandIo): Promise<number> {
  let report = await collectStatus(config);
  print(report, options, io, false);
  if (options.watchSeconds !== undefined) {
    const intervalMs = options.watchSeconds * 1000;
    while (!(await sleep(intervalMs, options.signal))) {
      report = await collectStatus(config);
      print(report, options, io, true);
    }
  }
  return report.state === 'critical' ? EXIT_FAILURE : EXIT_OK;
}

function print(report: StatusReport, options: StatusOptions, io: CommandIo, again: boolean): void {
  if (options.json) {
    // One JSON document per line, so a watch can be piped into `jq -c` line by line.
    io.stdout.write(`${JSON.stringify(report, null, options.watchSeconds === undefined ? 2 : undefined)}\n`);
    return;
  }
  const clear = again && io.stdoutIsTty ? '\x1b[2J\x1b[H' : again ? '\n' : '';
  io.stdout.write(`${clear}${renderStatusReport(report)}`);
}

/** Resolves true when `signal` ends the wait. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(false);
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Registers `sluice status`: queue depth, in flight, oldest age, DLQ depth, delivery rate and
 * alarms.
 *
 * @example
 * ```ts
 * registerStatus(new Command('sluice'));
 * ```
 */
export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .description('show queue depth, in flight, oldest message age, dead letters, delivery rate and alarm states; exit code 1 while a critical alarm holds')
    .option('--json', 'print JSON for scripts (one document per refresh with --watch)')
    .addOption(new Option('-w, --watch [seconds]', 'refresh every few seconds until interrupted').preset('2'))
    .addHelpText(
      'after',
      `
Alarms (as in the AWS deployment): any dead letter is CRITICAL; a message older than
alarms.oldest_message_age (default 15m) is a WARNING; failed delivery attempts in the last
5 minutes are a WARNING.

Examples:
  $ sluice status --data /var/lib/sluice
  $ sluice status --config sluice.yaml --json | jq .dlq.depth
  $ sluice status --watch 5`,
    );
  addConfigOptions(command).action(async (options: ConfigOptions & { json?: boolean; watch?: string }) => {
    const config = await loadConfig(options);
    let watchSeconds: number | undefined;
    if (options.watch !== undefined) {
      watchSeconds = Number(options.watch);
      if (!Number.isFinite(watchSeconds) || watchSeconds <= 0) throw new UsageError(`--watch: expected a number of seconds, got ${options.watch}`);
    }
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    try {
      process.exitCode = await runStatus(
        config,
        { json: options.json === true, ...(watchSeconds !== undefined && { watchSeconds }), signal: stop.signal },
        processIo(),
      );
    } finally {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    }
  });
}
