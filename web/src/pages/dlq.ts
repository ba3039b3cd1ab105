import { getJson, postJson, type DeadLetterView } from '../api.js';
import { announce, formatDateTime, h, replace, statusClass } from '../dom.js';

/**
 * The dead-letter queue: each letter with its last error; show its record, redrive one, redrive
 * every letter matching the filter, purge (after a confirmation dialog).
 */
export function dlqPage(main: HTMLElement): void {
  const filter = h('input', { type: 'search', id: 'dlq-filter', placeholder: 'route, path, reason or error', autocomplete: 'off' });
  const total = h('span', { class: 'muted' });
  const redriveMatching = h('button', { type: 'button', class: 'primary' }, 'Redrive matching');
  const purgeMatching = h('button', { type: 'button', class: 'danger' }, 'Purge matching…');
  const body = h('section', { 'aria-label': 'Dead letters', 'aria-live': 'polite' });
  const dialog = confirmDialog();
  let letters: DeadLetterView[] = [];

  const matching = (): DeadLetterView[] => {
    const words = filter.value.trim().toLowerCase();
    if (words === '') return letters;
    return letters.filter((letter) =>
      [letter.route, letter.method, letter.endpoint, letter.reason, letter.last_error, letter.id].some((field) => field?.toLowerCase().includes(words)),
    );
  };

  const act = async (action: 'redrive' | 'purge', ids: readonly string[] | 'all'): Promise<void> => {
    const result = await postJson<{ redriven?: number; purged?: number }>(`/api/dlq/${action}`, ids === 'all' ? { all: true } : { ids });
    announce(action === 'redrive' ? `Redriven ${result.redriven ?? 0} for delivery again.` : `Purged ${result.purged ?? 0}.`);
    await load();
  };

  const render = (): void => {
    const shown = matching();
    redriveMatching.textContent = `Redrive matching (${shown.length})`;
    purgeMatching.textContent = `Purge matching (${shown.length})…`;
    redriveMatching.toggleAttribute('disabled', shown.length === 0);
    purgeMatching.toggleAttribute('disabled', shown.length === 0);
    if (letters.length === 0) return replace(body, h('p', { class: 'empty' }, 'The dead-letter queue is empty.'));
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
        h('tbody', {}, ...shown.map((letter) => row(letter))),
      ),
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
        h('button', { type: 'button', 'aria-label': `Redrive ${label}`, onclick: () => void act('redrive', [letter.id]) }, 'Redrive'),
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            'aria-label': `Purge ${label}`,
            onclick: () => void dialog.ask(`Purge this dead letter (${label}) for good?`).then((yes) => (yes ? act('purge', [letter.id]) : undefined)),
          },
          'Purge…',
        ),
      ),
    );
  };

  const load = async (): Promise<void> => {
    try {
      const page = await getJson<{ total: number; letters: DeadLetterView[] }>('/api/dlq?limit=1000');
      letters = page.letters;
      total.textContent = `${page.total} dead letters`;
      render();
    } catch (error) {
      replace(body, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  };

  filter.addEventListener('input', render);
  redriveMatching.addEventListener('click', () => {
    const ids = matching().map((letter) => letter.id);
    void act('redrive', filter.value.trim() === '' && ids.length === letters.length ? 'all' : ids);
  });
  purgeMatching.addEventListener('click', () => {
    const ids = matching().map((letter) => letter.id);
    void dialog
      .ask(`Purge ${ids.length} dead letters for good? They cannot be recovered.`)
      .then((yes) => (yes ? act('purge', filter.value.trim() === '' && ids.length === letters.length ? 'all' : ids) : undefined));
  });

  replace(
    main,
    h('header', { class: 'page-head' }, h('h1', {}, 'Dead letters'), total),
    h('div', { class: 'toolbar' }, h('label', { for: 'dlq-filter' }, 'Filter'), filter, redriveMatching, purgeMatching),
    body,
    dialog.element,
  );
  void load();
}

/** A modal `<dialog>` asking for confirmation; resolves true only on the explicit button. */
function confirmDialog(): { element: HTMLDialogElement; ask(question: string): Promise<boolean> } {
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
    ask(question) {
      text.textContent = question;
      element.returnValue = '';
      element.showModal();
      return new Promise((resolve) => element.addEventListener('close', () => resolve(element.returnValue === 'yes'), { once: true }));
    },
  };
}
