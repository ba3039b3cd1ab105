import { postJson } from '../api.js';
import { announce, h, replace } from '../dom.js';
import { features } from '../features.js';
import { loadSelection } from '../selection.js';
import { noHistoryNotice } from './no-history.js';

interface ReplayResult {
  readonly id: string;
  readonly method: string;
  readonly path: string;
  readonly recordedStatus: number | null;
  readonly status?: number;
  readonly error?: string;
  readonly statusChanged: boolean;
  readonly bodyChanged: boolean;
  readonly redacted: boolean;
}

interface ReplaySummary {
  readonly total: number;
  readonly sent: number;
  readonly failed: number;
  readonly statusChanged: number;
  readonly bodyChanged: number;
  readonly redacted: number;
  readonly dryRun: boolean;
  readonly results: readonly ReplayResult[];
}

/**
 * Replays a selection (chosen on the search page) or everything matching a filter to a URL, at
 * a pace, and shows how the new responses differ from the recorded ones.
 */
export function replayPage(main: HTMLElement): void {
  const ids = loadSelection();
  const to = h('input', { id: 'replay-to', name: 'to', type: 'url', required: true, placeholder: 'http://127.0.0.1:3000', autocomplete: 'url' });
  const idList = h('textarea', { id: 'replay-ids', name: 'ids', rows: 4, placeholder: 'one id per line (leave empty to use the filter)' });
  idList.value = ids.join('\n');
  const route = h('input', { id: 'replay-route', name: 'route', placeholder: 'users' });
  const status = h('input', { id: 'replay-status', name: 'status', placeholder: '5xx' });
  const since = h('input', { id: 'replay-since', name: 'since', placeholder: '1h' });
  const rate = h('input', { id: 'replay-rate', name: 'rate', placeholder: '1x, 2x or 100/s', value: '' });
  const dryRun = h('input', { id: 'replay-dry', name: 'dryRun', type: 'checkbox' });
  const result = h('section', { 'aria-label': 'Replay result', 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'stacked' },
    field('Send to', to),
    field('Exchange ids', idList),
    h('fieldset', {}, h('legend', {}, 'Or every exchange matching'), field('Route', route), field('Status', status), field('Since', since)),
    field('Rate', rate),
    h('label', { class: 'inline' }, dryRun, ' Dry run (send nothing, list what would be sent)'),
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Replay')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = idList.value.split(/\s+/).filter((id) => id !== '');
    const filter = Object.fromEntries(
      Object.entries({ route: route.value.trim(), status: status.value.trim(), since: since.value.trim() }).filter(([, value]) => value !== ''),
    );
    const body = {
      to: to.value.trim(),
      ...(chosen.length > 0 ? { ids: chosen } : { filter }),
      ...(rate.value.trim() !== '' && { rate: rate.value.trim() }),
      dryRun: dryRun.checked,
    };
    replace(result, h('p', { class: 'muted' }, 'Replaying…'));
    postJson<ReplaySummary>('/api/replay', body).then(
      (summary) => {
        announce(`Replayed ${summary.sent} of ${summary.total}.`);
        replace(result, summaryView(summary));
      },
      (error: Error) => replace(result, h('p', { class: 'error', role: 'alert' }, error.message)),
    );
  });
  replace(main, h('header', { class: 'page-head' }, h('h1', {}, 'Replay')), form, result);
  void features().then(
    (offered) => {
      if (offered.history.kept) return;
      form.replaceWith(noHistoryNotice('Replay', offered.history.reason));
    },
    () => undefined,
  );
}

function field(label: string, input: HTMLElement): HTMLElement {
  return h('label', {}, h('span', {}, label), input);
}

function summaryView(summary: ReplaySummary): HTMLElement {
  const facts = [
    ['Matched', summary.total],
    [summary.dryRun ? 'Would send' : 'Sent', summary.sent],
    ['Failed', summary.failed],
    ['Status changed', summary.statusChanged],
    ['Body changed', summary.bodyChanged],
    ['Sent with redacted values', summary.redacted],
  ] as const;
  return h(
    'div',
    {},
    h('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
    h(
      'table',
      { class: 'replay-results' },
      h('caption', { class: 'visually-hidden' }, 'Replayed exchanges'),
      h('thead', {}, h('tr', {}, ...['Request', 'Recorded', 'Now', 'Changes'].map((name) => h('th', { scope: 'col' }, name)))),
      h(
        'tbody',
        {},
        ...summary.results.map((item) =>
          h(
            'tr',
            { class: item.statusChanged || item.bodyChanged ? 'changed' : '' },
            h('td', {}, h('a', { href: `#/entry/${encodeURIComponent(item.id)}` }, `${item.method} ${item.path}`)),
            h('td', {}, item.recordedStatus ?? '-'),
            h('td', {}, item.error ?? item.status ?? '-'),
            h('td', {}, [item.statusChanged && 'status', item.bodyChanged && 'body', item.redacted && 'redacted'].filter(Boolean).join(', ') || 'same'),
          ),
        ),
      ),
    ),
  );
}
