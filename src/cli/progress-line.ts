import { formatCount, formatDuration } from './format-units.js';

/** Where a long operation stands, and how long it has run. */
export interface ProgressState {
  readonly done: number;
  readonly total: number;
  readonly elapsedMs: number;
}

/** The bar's width in characters, whatever the terminal's: narrower reads as a glitch, wider as noise. */
const MIN_BAR = 10;
const MAX_BAR = 40;

/**
 * A progress bar that fits a terminal line of `columns` characters with one to spare (a full
 * line would wrap on some terminals, and the next rewrite land on a new line), the bar taking what the figures
 * leave (10 to 40 characters): `replayed [#########-----------] 45/100  2.1/s  eta 27s`. Once
 * done the estimate gives way to how long it took.
 *
 * @example
 * ```ts
 * progressBar('replayed', { done: 45, total: 100, elapsedMs: 21_400 }, 80);
 * // 'replayed [##################----------------------] 45/100  2.1/s  eta 27s'
 * ```
 */
export function progressBar(label: string, state: ProgressState, columns: number): string {
  const figures = `${formatCount(Math.min(state.done, state.total))}/${formatCount(state.total)}${pace(state)}`;
  const width = Math.max(MIN_BAR, Math.min(MAX_BAR, columns - label.length - figures.length - 5));
  const filled = Math.round(fraction(state) * width);
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${figures}`;
}

/**
 * The same as one plain line, for logs and pipes: `replayed 45 / 100 (45%)  2.1/s  eta 26s`.
 *
 * @example
 * ```ts
 * progressText('redriven', { done: 1200, total: 1200, elapsedMs: 3_000 }); // 'redriven 1,200 / 1,200 (100%)  400.0/s  took 3s'
 * ```
 */
export function progressText(label: string, state: ProgressState): string {
  const percent = Math.floor(fraction(state) * 100);
  return `${label} ${formatCount(Math.min(state.done, state.total))} / ${formatCount(state.total)} (${percent}%)${pace(state)}`;
}

/** Nothing to do counts as all done: an empty bar that never fills would look stuck. */
function fraction({ done, total }: ProgressState): number {
  return total > 0 ? Math.max(0, Math.min(1, done / total)) : 1;
}

/** The rate so far and the time left at that rate; no estimate before the first item, as a rate of 0 promises forever. */
function pace({ done, total, elapsedMs }: ProgressState): string {
  if (total <= 0) return '';
  if (done <= 0 || elapsedMs <= 0) return done >= total ? '  took 0s' : '  eta --';
  const perSecond = done / (elapsedMs / 1_000);
  const rate = `  ${perSecond.toFixed(1)}/s`;
  if (done >= total) return `${rate}  took ${formatDuration(elapsedMs)}`;
  // Whole seconds, rounded up: "eta 0s" while work is left would be a promise broken.
  return `${rate}  eta ${formatDuration(Math.ceil((total - done) / perSecond) * 1_000)}`;
}
