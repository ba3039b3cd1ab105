import type { Summary } from '../api.js';
import { h, replace } from '../dom.js';
import { features } from '../features.js';
import { liveFeed } from '../live-feed.js';
import { noHistoryNotice } from './no-history.js';
import { summaryTable } from './summary-table.js';

/**
 * The live tail: every exchange as it is captured and delivered, newest first. Pointing at the
 * list (or focusing into it) pauses it so a row does not move under the pointer; what arrives
 * meanwhile is counted and shown on resume.
 */
export function tailPage(main: HTMLElement): () => void {
  let paused = false;
  let held = 0;
  let pinned = false;
  let noHistory: HTMLElement | undefined;
  const count = h('span', { class: 'muted' });
  const pauseButton = h('button', { type: 'button', 'aria-pressed': 'false' }, 'Pause');
  const hint = h('p', { class: 'hint', role: 'status', 'aria-live': 'polite' });
  const list = h('div', { class: 'tail-list', role: 'region', tabindex: '0', 'aria-label': 'Live exchanges (pauses while pointed at)' });

  const render = (entries: readonly Summary[]): void => {
    held = 0;
    count.textContent = `${entries.length} exchanges`;
    replace(
      list,
      entries.length === 0
        ? (noHistory ?? h('p', { class: 'empty' }, 'Waiting for traffic… requests through the gateway show up here as they are captured.'))
        : summaryTable(entries, { caption: 'Live exchanges, newest first' }),
    );
  };
  const setPaused = (value: boolean): void => {
    paused = value || pinned;
    list.classList.toggle('paused', paused);
    hint.textContent = paused ? (held > 0 ? `Paused: ${held} new` : 'Paused') : '';
    if (!paused) render(liveFeed.entries());
  };
  pauseButton.addEventListener('click', () => {
    pinned = !pinned;
    pauseButton.setAttribute('aria-pressed', String(pinned));
    pauseButton.textContent = pinned ? 'Resume' : 'Pause';
    setPaused(pinned);
  });
  list.addEventListener('mouseenter', () => setPaused(true));
  list.addEventListener('mouseleave', () => setPaused(false));
  list.addEventListener('focusin', () => setPaused(true));
  list.addEventListener('focusout', (event) => {
    if (!list.contains(event.relatedTarget as Node | null)) setPaused(false);
  });

  replace(
    main,
    h(
      'header',
      { class: 'page-head' },
      h('h1', {}, 'Live tail'),
      h('span', { id: 'live-state', class: liveFeed.connected ? 'badge ok' : 'badge warn' }, liveFeed.connected ? 'live' : 'connecting…'),
      count,
      pauseButton,
    ),
    hint,
    list,
  );
  render(liveFeed.entries());
  void features().then(
    (offered) => {
      if (offered.history.kept) return;
      noHistory = noHistoryNotice('The live tail', offered.history.reason);
      if (!paused) render(liveFeed.entries());
    },
    () => undefined,
  );
  return liveFeed.subscribe((entries, added) => {
    if (!paused) return render(entries);
    // An exchange counts once: it arrives queued, and its delivery later only updates its row.
    if (!added) return;
    held += 1;
    hint.textContent = `Paused: ${held} new`;
  });
}
