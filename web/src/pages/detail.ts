import { getJson, type Entry } from '../api.js';
import { announce, formatDateTime, h, replace, statusClass } from '../dom.js';
import { curlCommand } from '../curl.js';

/** One exchange: request and response side by side, pretty JSON, headers, timings, each delivery attempt, copy as curl. */
export async function detailPage(main: HTMLElement, id: string): Promise<void> {
  replace(main, h('p', { class: 'muted' }, 'Loading…'));
  let entry: Entry;
  try {
    entry = await getJson<Entry>(`/api/history/${encodeURIComponent(id)}`);
  } catch (error) {
    replace(main, h('h1', {}, 'Exchange'), h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    return;
  }
  const record = entry.record;
  const curl = curlCommand(record);
  const copy = h('button', { type: 'button' }, 'Copy as curl');
  copy.addEventListener('click', () => {
    navigator.clipboard.writeText(curl).then(
      () => announce('Copied the curl command.'),
      () => announce('The browser refused the clipboard: select the command below.', 'error'),
    );
  });
  replace(
    main,
    h(
      'header',
      { class: 'page-head' },
      h('h1', {}, `${entry.method ?? '?'} ${entry.path ?? '?'}`),
      h('span', { class: statusClass(entry.status) }, entry.status ?? '-'),
      h('span', { class: `state ${entry.state}` }, entry.state.replace('_', ' ')),
      copy,
      h('a', { href: '#/search', class: 'button' }, 'Back to search'),
    ),
    h(
      'dl',
      { class: 'facts' },
      fact('Id', entry.id),
      fact('Captured', formatDateTime(entry.time)),
      fact('Duration', typeof record.duration_ms === 'number' ? `${record.duration_ms} ms` : '-'),
      fact('Route', entry.route ?? '-'),
      fact('From', typeof record.from === 'string' ? record.from : '-'),
    ),
    h(
      'div',
      { class: 'side-by-side' },
      h(
        'section',
        { 'aria-labelledby': 'req-h' },
        h('h2', { id: 'req-h' }, 'Request'),
        headersTable(record.request_headers, 'Request headers'),
        queryBlock(record.query),
        bodyBlock(record.body, record.body_encoding, 'Request body'),
      ),
      h(
        'section',
        { 'aria-labelledby': 'res-h' },
        h('h2', { id: 'res-h' }, 'Response'),
        headersTable(record.response_headers, 'Response headers'),
        bodyBlock(record.response, record.response_encoding, 'Response body'),
      ),
    ),
    h('section', { 'aria-labelledby': 'att-h' }, h('h2', { id: 'att-h' }, 'Delivery attempts'), attemptsTable(entry)),
    h('section', { 'aria-labelledby': 'curl-h' }, h('h2', { id: 'curl-h' }, 'curl'), h('pre', { class: 'code', tabindex: '0' }, curl)),
  );
}

function fact(term: string, value: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', {}, term), h('dd', {}, value));
  return fragment;
}

function headersTable(headers: unknown, caption: string): HTMLElement {
  const entries = Object.entries((headers ?? {}) as Record<string, unknown>);
  if (entries.length === 0) return h('p', { class: 'muted' }, 'No headers');
  return h(
    'table',
    { class: 'headers' },
    h('caption', {}, caption),
    h(
      'tbody',
      {},
      ...entries.map(([name, value]) => h('tr', {}, h('th', { scope: 'row' }, name), h('td', {}, Array.isArray(value) ? value.join(', ') : String(value)))),
    ),
  );
}

function queryBlock(query: unknown): HTMLElement | null {
  const entries = Object.entries((query ?? {}) as Record<string, unknown>);
  if (entries.length === 0) return null;
  return headersTable(query, 'Query');
}

function bodyBlock(body: unknown, encoding: unknown, label: string): HTMLElement {
  if (body === null || body === undefined) return h('p', { class: 'muted' }, `${label}: empty`);
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  return h('figure', {}, h('figcaption', {}, encoding === 'base64' ? `${label} (base64)` : label), h('pre', { class: 'code', tabindex: '0' }, text));
}

function attemptsTable(entry: Entry): HTMLElement {
  if (entry.attemptLog.length === 0) return h('p', { class: 'muted' }, 'No attempt recorded');
  return h(
    'table',
    {},
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, '#'),
        h('th', { scope: 'col' }, 'Ended'),
        h('th', { scope: 'col' }, 'Took'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col' }, 'Error'),
      ),
    ),
    h(
      'tbody',
      {},
      ...entry.attemptLog.map((attempt) =>
        h(
          'tr',
          {},
          h('td', {}, attempt.attempt),
          h('td', {}, formatDateTime(attempt.at)),
          h('td', {}, `${Math.round(attempt.durationMs)} ms`),
          h('td', {}, h('span', { class: statusClass(attempt.status) }, attempt.status ?? '-')),
          h('td', {}, attempt.error ?? ''),
        ),
      ),
    ),
  );
}
