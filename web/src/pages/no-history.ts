import { h } from '../dom.js';

/**
 * Said in place of a page that needs the history when none is kept (the SQS driver,
 * `history: false`): the page is not broken, the queue does not keep one.
 */
export function noHistoryNotice(what: string, reason: string | null): HTMLElement {
  return h(
    'p',
    { class: 'notice', role: 'status' },
    h('strong', {}, 'Not available: '),
    `${what} reads the history of delivered exchanges, and this queue keeps none`,
    reason === null ? '.' : ` (${reason}).`,
    ' The dead letters and the charts still show what the queue can tell.',
  );
}
