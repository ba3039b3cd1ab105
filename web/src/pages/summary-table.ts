import type { Summary } from '../api.js';
import { formatTime, h, statusClass } from '../dom.js';

export interface SummaryTableOptions {
  readonly caption: string;
  /** Adds a checkbox per row, for choosing what to replay. */
  readonly selected?: Set<string>;
}

/**
 * Exchanges as a table: time, method, path (a link to the detail), status, delivery state,
 * attempts.
 */
export function summaryTable(entries: readonly Summary[], options: SummaryTableOptions): HTMLTableElement {
  const select = options.selected;
  return h(
    'table',
    { class: 'exchanges' },
    h('caption', { class: 'visually-hidden' }, options.caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        select && h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Select')),
        h('th', { scope: 'col' }, 'Time'),
        h('th', { scope: 'col' }, 'Method'),
        h('th', { scope: 'col' }, 'Path'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num duration' }, 'Duration'),
        h('th', { scope: 'col' }, 'Delivery'),
        h('th', { scope: 'col', class: 'num' }, 'Attempts'),
      ),
    ),
    h('tbody', {}, ...entries.map((entry) => summaryRow(entry, select))),
  );
}

function summaryRow(entry: Summary, select: Set<string> | undefined): HTMLTableRowElement {
  const label = `${entry.method ?? '?'} ${entry.path ?? '?'}`;
  return h(
    'tr',
    { 'data-id': entry.id },
    select &&
      h(
        'td',
        {},
        h('input', {
          type: 'checkbox',
          'aria-label': `Select ${label}`,
          checked: select.has(entry.id),
          onchange: (event: Event) => {
            if ((event.target as HTMLInputElement).checked) select.add(entry.id);
            else select.delete(entry.id);
          },
        }),
      ),
    h(
      'td',
      {},
      h(
        'time',
        { datetime: new Date(entry.time).toISOString() },
        h('span', { class: 'date' }, `${new Date(entry.time).toLocaleDateString()} `),
        formatTime(entry.time).slice(0, -4),
        h('span', { class: 'ms' }, formatTime(entry.time).slice(-4)),
      ),
    ),
    h('td', { class: 'method' }, entry.method ?? '-'),
    // On a phone the method column folds into the path's cell, so the path keeps its width.
    h(
      'td',
      { class: 'path' },
      h('span', { class: 'method method-inline' }, `${entry.method ?? '-'} `),
      h('a', { href: `#/entry/${encodeURIComponent(entry.id)}`, title: entry.id }, entry.path ?? '-'),
    ),
    h('td', {}, h('span', { class: statusClass(entry.status) }, entry.status ?? '-')),
    h('td', { class: 'num duration' }, entry.durationMs === null ? '-' : exchangeDuration(entry.durationMs)),
    h('td', {}, h('span', { class: `state ${entry.state}` }, entry.state.replace('_', ' '))),
    h('td', { class: 'num' }, entry.attempts),
  );
}

/** An API's latency: tenths under 10 ms, whole milliseconds under a second, then seconds. */
function exchangeDuration(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  return `${(ms / 1_000).toFixed(2)} s`;
}
