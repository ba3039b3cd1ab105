import { getJson, query, type Page, type Summary } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { features } from '../features.js';
import { saveSelection } from '../selection.js';
import { noHistoryNotice } from './no-history.js';
import { summaryTable } from './summary-table.js';

const FIELDS = [
  { name: 'q', label: 'Text', placeholder: 'words in headers and bodies' },
  { name: 'route', label: 'Route', placeholder: 'users' },
  { name: 'method', label: 'Method', placeholder: 'POST' },
  { name: 'status', label: 'Status', placeholder: '5xx or 404' },
  { name: 'path', label: 'Path prefix', placeholder: '/api/v1/' },
  { name: 'since', label: 'Since', placeholder: '1h or 2026-01-01T12:00Z' },
  { name: 'until', label: 'Until', placeholder: '15m' },
] as const;

/**
 * Search over the history with the filters of `sluice history search`; the filters live in
 * the address (`#/search?status=5xx`), so a search can be shared and the back button works.
 * Rows can be selected and replayed.
 */
export function searchPage(main: HTMLElement, params: URLSearchParams): void {
  const selected = new Set<string>();
  const inputs = FIELDS.map((field) =>
    h(
      'label',
      {},
      h('span', {}, field.label),
      h('input', { name: field.name, type: 'search', placeholder: field.placeholder, value: params.get(field.name) ?? '', autocomplete: 'off' }),
    ),
  );
  const state = h(
    'select',
    { name: 'state' },
    ...['', 'queued', 'delivered', 'retrying', 'dead_letter'].map((value) =>
      h('option', { value, selected: params.get('state') === value }, value === '' ? 'any' : value.replace('_', ' ')),
    ),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Search the history' },
    ...inputs,
    h('label', {}, h('span', {}, 'Delivery'), state),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Search'), h('button', { type: 'reset' }, 'Clear')),
  );
  const results = h('section', { 'aria-label': 'Results', 'aria-live': 'polite' });
  const replayButton = h('button', { type: 'button' }, 'Replay selected…');
  replayButton.addEventListener('click', () => {
    if (selected.size === 0) return announce('Select the exchanges to replay first.', 'error');
    saveSelection(selected);
    location.hash = '#/replay';
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(form).entries()) as Record<string, string>;
    location.hash = `#/search${query(values)}`;
  });
  form.addEventListener('reset', () => setTimeout(() => (location.hash = '#/search'), 0));

  replace(main, h('header', { class: 'page-head' }, h('h1', {}, 'Search'), replayButton), form, results);

  const entries: Summary[] = [];
  const load = async (cursor?: string): Promise<void> => {
    const values: Record<string, string> = Object.fromEntries(params.entries());
    try {
      const page = await getJson<Page>(`/api/history${query({ ...values, limit: 50, cursor })}`);
      entries.push(...page.entries);
      const more = page.nextCursor && h('button', { type: 'button', onclick: () => void load(page.nextCursor) }, 'Older…');
      replace(
        results,
        h('p', { class: 'muted' }, entries.length === 0 ? 'Nothing matches.' : `${entries.length} shown, newest first`),
        entries.length > 0 && summaryTable(entries, { caption: 'Matching exchanges', selected }),
        more,
      );
    } catch (error) {
      replace(results, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  };
  void features().then(
    (offered) => (offered.history.kept ? load() : replace(results, noHistoryNotice('Search', offered.history.reason))),
    () => load(),
  );
}
