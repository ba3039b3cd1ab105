import type { ReplayRate, ReplayResult, ReplaySummary } from '../replay/index.js';
import { formatCount, formatDuration } from './format-units.js';
import { formatTable } from './table.js';
import { compactDiff } from './text-diff.js';

/** Failed requests listed by name at the end of a replay; `--json` lists every one. */
const MAX_FAILURES_SHOWN = 10;

/**
 * What `sluice replay` says before it sends anything: how many exchanges match, where they go,
 * at what pace, and about how long that takes (`spanMs`: from the first capture to the last);
 * on a dry run, where they would go.
 *
 * @example
 * ```ts
 * replayPlan(3, new URL('http://127.0.0.1:3000'), { kind: 'factor', factor: 2 }, 120_000);
 * // '3 exchanges match; replaying to http://127.0.0.1:3000/ at 2x the original pace (about 1m 00s).'
 * ```
 */
export function replayPlan(total: number, to: URL, rate: ReplayRate, spanMs: number, dryRun = false): string {
  const exchanges = `${formatCount(total)} exchange${total === 1 ? '' : 's'}`;
  const pace = rate.kind === 'perSecond' ? `${rate.perSecond}/s` : rate.factor === 1 ? 'the original pace' : `${rate.factor}x the original pace`;
  const duration = rate.kind === 'perSecond' ? ((total - 1) * 1000) / rate.perSecond : spanMs / rate.factor;
  const match = `${exchanges} match${total === 1 ? 'es' : ''}`;
  if (dryRun) return `${match}; a replay would send ${total === 1 ? 'it' : 'them'} to ${to.href} at ${pace}.`;
  return `${match}; replaying to ${to.href} at ${pace} (about ${formatDuration(Math.max(0, duration))}).`;
}

/**
 * The end of `sluice replay`: matched, sent, failed, status and body changes, how many carried
 * redacted values, and the failed requests by name. `interrupted` says the replay was stopped
 * before the end (Ctrl-C).
 *
 * @example
 * ```ts
 * io.stdout.write(`${replaySummaryText(summary, { interrupted: false })}\n`);
 * ```
 */
export function replaySummaryText(summary: ReplaySummary, options: { interrupted: boolean }): string {
  const lines: string[] = [];
  if (options.interrupted) lines.push(`Stopped after ${formatCount(summary.results.length)} of ${formatCount(summary.total)} (interrupted).`);
  if (summary.dryRun) {
    lines.push(`Dry run: nothing sent. ${formatCount(summary.results.length)} request${summary.results.length === 1 ? '' : 's'} would be sent:`);
    lines.push(...summary.results.map((result) => `  ${requestName(result)}${result.truncated === true ? ' (body cut at capture)' : ''}`));
  } else {
    const rows = [
      ['matched', formatCount(summary.total)],
      ['sent', formatCount(summary.sent)],
      ['failed', formatCount(summary.failed)],
      ['status changed', formatCount(summary.statusChanged)],
      ['body changed', formatCount(summary.bodyChanged)],
    ];
    lines.push(formatTable(rows, { align: ['left', 'right'] }));
  }
  if (summary.redacted > 0) {
    const verb = summary.dryRun ? 'would be sent' : 'sent';
    lines.push(`${formatCount(summary.redacted)} ${verb} with redacted values: the history holds them as [REDACTED], and so they were replayed.`);
  }
  const failures = summary.results.filter((result) => result.error !== undefined);
  if (failures.length > 0) {
    lines.push('Failed:');
    lines.push(...failures.slice(0, MAX_FAILURES_SHOWN).map((result) => `  ${requestName(result)}: ${result.error!}`));
    if (failures.length > MAX_FAILURES_SHOWN) lines.push(`  … and ${formatCount(failures.length - MAX_FAILURES_SHOWN)} more (--json lists every one)`);
  }
  return lines.join('\n');
}

/**
 * `sluice replay --diff`: each exchange whose new response differs from the recorded one, with
 * its status change and a compact diff of the bodies (recorded `-`, new `+`). Empty when none differs.
 *
 * @example
 * ```ts
 * replayDiffText(summary);
 * // 'POST /api/users (0190f5c2-…)\n  status 201 → 500\n  - "id": "573"\n  + "error": "boom"'
 * ```
 */
export function replayDiffText(summary: ReplaySummary): string {
  return summary.results
    .filter((result) => result.statusChanged || result.bodyChanged)
    .map((result) => {
      const lines = [requestName(result)];
      if (result.statusChanged) lines.push(`  status ${result.recordedStatus ?? '-'} → ${result.status ?? '-'}`);
      if (result.bodyChanged) lines.push(compactDiff(result.recordedBody ?? '', result.body ?? '', '  '));
      return lines.join('\n');
    })
    .join('\n\n');
}

/**
 * `sluice replay --json`: the summary as one JSON object, in the snake_case of every JSON the
 * command line prints, with where it went and whether it was interrupted.
 *
 * @example
 * ```ts
 * io.stdout.write(`${JSON.stringify(replaySummaryJson(summary, { to, interrupted: false }), null, 2)}\n`);
 * ```
 */
export function replaySummaryJson(summary: ReplaySummary, options: { to: URL; interrupted: boolean }): Record<string, unknown> {
  return {
    to: options.to.href,
    total: summary.total,
    sent: summary.sent,
    failed: summary.failed,
    status_changed: summary.statusChanged,
    body_changed: summary.bodyChanged,
    redacted: summary.redacted,
    dry_run: summary.dryRun,
    interrupted: options.interrupted,
    results: summary.results.map(resultJson),
  };
}

function resultJson(result: ReplayResult): Record<string, unknown> {
  return {
    id: result.id,
    method: result.method,
    path: result.path,
    recorded_status: result.recordedStatus,
    status: result.status ?? null,
    error: result.error ?? null,
    status_changed: result.statusChanged,
    body_changed: result.bodyChanged,
    redacted: result.redacted,
    truncated: result.truncated === true,
    ...(result.bodyChanged && { recorded_body: result.recordedBody ?? null, body: result.body ?? null }),
  };
}

function requestName(result: ReplayResult): string {
  return `${result.method} ${result.path} (${result.id})`;
}
