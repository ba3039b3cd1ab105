import { getJson, postJson, query, type DeadLetterView } from '../api.js';
import { announce, formatDateTime, h, replace, statusClass } from '../dom.js';

/** Letters per page; "Show more" reads the next one. */
const PAGE = 500;

/** The filter's fields: the words of the search page and `sluice dlq`, read on the server over every letter. */
const FIELDS = [
  { name: 'route', label: 'Route', placeholder: 'users' },
  { name: 'method', label: 'Method', placeholder: 'POST' },
  { name: 'status', label: 'Last status', placeholder: '5xx or 503' },
  { name: 'path', label: 'Path prefix', placeholder: '/api/v1/' },
  { name: 'error', label: 'Error text', placeholder: 'timeout' },
  { name: 'since', label: 'Dead-lettered since', placeholder: '1h or 2026-01-01T12:00Z' },
  { name: 'until', label: 'Dead-lettered until', placeholder: '15m' },
] as const;

/** `GET /api/dlq`'s answer. */
interface Listing {
  /** Letters matching the filter, in the whole queue. */
  readonly total: number;
  /** Every letter. */
  readonly depth: number;
  readonly letters: DeadLetterView[];
  readonly next_cursor?: string;
  /** When the count was taken: an action sent with it covers no letter that arrived later. */
  readonly as_of: number;
  /** How the driver carries out a filtered action, when it is not in place (SQS). */
  readonly bulk_note?: string;
}

/**
 * The dead-letter queue: the letters matching a filter (applied by the server over the whole
 * queue, a page at a time), each with its last error; show its record, redrive or purge one,
 * or redrive / purge every matching letter after a confirmation that shows how many.
 */
export function dlqPage(main: HTMLElement): void {
  const inputs = FIELDS.map((field) =>
    h('label', {}, h('span', {}, field.label), h('input', { name: field.name, type: 'search', placeholder: field.placeholder, autocomplete: 'off' })),
  );
  const form = h(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter dead letters' },
    ...inputs,
    h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, 'Filter'), h('button', { type: 'reset' }, 'Clear')),
  );
  // The count is what a screen reader hears change: a live region over hundreds of rows would read them all.
  const total = h('span', { class: 'muted', id: 'dlq-count', role: 'status', 'aria-live': 'polite' });
  const redriveMatching = h('button', { type: 'button', class: 'primary' }, 'Redrive all matching');
  const purgeMatching = h('button', { type: 'button', class: 'danger' }, 'Purge all matching…');
  const note = h('p', { class: 'muted small', hidden: true });
  const body = h('section', { 'aria-label': 'Dead letters' });
  const dialog = confirmDialog();
  let filter: Record<string, string> = {};
  let letters: DeadLetterView[] = [];
  let listing: Listing | undefined;

  const filtered = (): boolean => Object.keys(filter).length > 0;

  const act = async (action: 'redrive' | 'purge', selection: unknown): Promise<void> => {
    try {
      const result = await postJson<{ redriven?: number; purged?: number; bulk_note?: string }>(`/api/dlq/${action}`, selection);
      const done = action === 'redrive' ? `Redriven ${result.redriven ?? 0} for delivery again.` : `Purged ${result.purged ?? 0}.`;
      announce(result.bulk_note === undefined ? done : `${done} ${result.bulk_note}`);
    } catch (error) {
      announce((error as Error).message, 'error');
    }
    await load();
  };

  /** Every letter the current listing counted: the filter, bounded by the time of the count. */
  const actOnMatching = (action: 'redrive' | 'purge'): void => {
    if (listing === undefined || listing.total === 0) return;
    const count = listing.total;
    const which = filtered() ? `the ${count} dead letters matching the filter` : `all ${count} dead letters`;
    const question = action === 'redrive' ? `Redrive ${which} for delivery again?` : `Purge ${which} for good? They cannot be recovered.`;
    const asOf = listing.as_of;
    const selection = filtered() ? { filter, as_of: asOf } : { all: true, as_of: asOf };
    void dialog.ask(question, action === 'redrive' ? 'Redrive' : 'Purge').then((yes) => (yes ? act(action, selection) : undefined));
  };

  const rows = h('tbody');
  const more = h('button', { type: 'button', id: 'dlq-more' }, 'Show more');
  more.addEventListener('click', () => void load(listing?.next_cursor));

  /** Shows the listing; `added` are the letters of its page, appended to the rows shown (never rebuilt: a long list stays quick). */
  const render = (added: readonly DeadLetterView[], first: boolean): void => {
    const count = listing?.total ?? 0;
    redriveMatching.textContent = `Redrive all matching (${count})`;
    purgeMatching.textContent = `Purge all matching (${count})…`;
    redriveMatching.toggleAttribute('disabled', count === 0);
    purgeMatching.toggleAttribute('disabled', count === 0);
    total.textContent = listing === undefined ? '' : filtered() ? `${listing.total} of ${listing.depth} dead letters match` : `${listing.depth} dead letters`;
    note.hidden = listing?.bulk_note === undefined;
    note.textContent = listing?.bulk_note ?? '';
    more.textContent = `Show more (${letters.length} of ${count} shown)`;
    if (letters.length === 0) {
      return replace(
        body,
        h('p', { class: 'empty' }, filtered() && (listing?.depth ?? 0) > 0 ? 'No dead letter matches the filter.' : 'The dead-letter queue is empty.'),
      );
    }
    if (first) rows.replaceChildren();
    rows.append(...added.map((letter) => row(letter)));
    // Taken out rather than hidden: the style sheet's `display` for buttons would show it anyway.
    if (!first) return listing?.next_cursor === undefined ? more.remove() : undefined;
    replace(
      body,
      h(
        'table',
        { class: 'dlq' },
        h('caption', { class: 'visually-hidden' }, 'Dead letters, oldest first'),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Dead-lettered', 'Request', 'Attempts', 'Last status', 'Reason', 'Last error', 'Actions'].map((name) => h('th', { scope: 'col' }, name)),
          ),
        ),
        rows,
      ),
      listing?.next_cursor !== undefined && more,
    );
  };

  const row = (letter: DeadLetterView): HTMLTableRowElement => {
    const record = h('pre', { class: 'code', hidden: true, tabindex: '0' });
    const show = h('button', { type: 'button', 'aria-expanded': 'false' }, 'Show');
    show.addEventListener('click', () => {
      const open = record.hidden;
      record.hidden = !open;
      show.setAttribute('aria-expanded', String(open));
      if (open && record.textContent === '') {
        getJson<Record<string, unknown>>(`/api/dlq/${encodeURIComponent(letter.id)}`).then(
          (full) => (record.textContent = JSON.stringify(full.record ?? full, null, 2)),
          (error: Error) => (record.textContent = error.message),
        );
      }
    });
    const label = `${letter.method ?? '?'} ${letter.endpoint ?? '?'}`;
    return h(
      'tr',
      { 'data-id': letter.id },
      h('td', {}, formatDateTime(Date.parse(letter.dead_lettered_at))),
      h(
        'td',
        {},
        h('span', { class: 'method' }, letter.method ?? '-'),
        ' ',
        h('span', { class: 'path' }, letter.endpoint ?? '-'),
        h('div', { class: 'muted small' }, letter.route ?? ''),
        record,
      ),
      h('td', { class: 'num' }, letter.attempts),
      h('td', {}, h('span', { class: statusClass(letter.last_status) }, letter.last_status ?? '-')),
      h('td', {}, letter.reason ?? '-'),
      h('td', { class: 'error-text' }, letter.last_error ?? '-'),
      h(
        'td',
        { class: 'row-actions' },
        show,
        h('button', { type: 'button', 'aria-label': `Redrive ${label}`, onclick: () => void act('redrive', { ids: [letter.id] }) }, 'Redrive'),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'aria-label': `Purge ${label}`,
            onclick: () =>
              void dialog.ask(`Purge this dead letter (${label}) for good?`, 'Purge').then((yes) => (yes ? act('purge', { ids: [letter.id] }) : undefined)),
          },
          'Purge…',
        ),
      ),
    );
  };

  /** The first page (no cursor), or the next one appended to what is shown. */
  const load = async (cursor?: string): Promise<void> => {
    try {
      const page = await getJson<Listing>(`/api/dlq${query({ ...filter, limit: PAGE, cursor })}`);
      letters = cursor === undefined ? page.letters : [...letters, ...page.letters];
      listing = page;
      render(page.letters, cursor === undefined);
    } catch (error) {
      listing = undefined;
      letters = [];
      render([], true);
      replace(body, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = Object.entries(Object.fromEntries(new FormData(form).entries()) as Record<string, string>);
    filter = Object.fromEntries(values.map(([name, value]) => [name, value.trim()]).filter(([, value]) => value !== ''));
    void load();
  });
  form.addEventListener('reset', () => {
    filter = {};
    void load();
  });
  redriveMatching.addEventListener('click', () => actOnMatching('redrive'));
  purgeMatching.addEventListener('click', () => actOnMatching('purge'));

  replace(
    main,
    h('header', { class: 'page-head' }, h('h1', {}, 'Dead letters'), total),
    form,
    h('div', { class: 'toolbar' }, redriveMatching, purgeMatching),
    note,
    body,
    dialog.element,
  );
  void load();
}

/** A modal `<dialog>` asking for confirmation; resolves true only on the explicit button. */
function confirmDialog(): { element: HTMLDialogElement; ask(question: string, verb: string): Promise<boolean> } {
  const text = h('p', { id: 'confirm-text' });
  const yes = h('button', { type: 'submit', value: 'yes', class: 'danger' }, 'Purge');
  const no = h('button', { type: 'submit', value: 'no', autofocus: true }, 'Cancel');
  const element = h(
    'dialog',
    { 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text' },
    h('form', { method: 'dialog' }, h('h2', { id: 'confirm-title' }, 'Confirm'), text, h('div', { class: 'actions' }, no, yes)),
  );
  return {
    element,
    ask(question, verb) {
      text.textContent = question;
      yes.textContent = verb;
      yes.className = verb === 'Purge' ? 'danger' : 'primary';
      element.returnValue = '';
      element.showModal();
      return new Promise((resolve) => element.addEventListener('close', () => resolve(element.returnValue === 'yes'), { once: true }));
    },
  };
}
