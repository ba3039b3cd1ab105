import { liveFeed } from './live-feed.js';
import { chartsPage } from './pages/charts.js';
import { detailPage } from './pages/detail.js';
import { dlqPage } from './pages/dlq.js';
import { replayPage } from './pages/replay.js';
import { searchPage } from './pages/search.js';
import { tailPage } from './pages/tail.js';

/**
 * The dashboard: one page per address fragment (`#/tail`, `#/search?…`, `#/entry/ID`, `#/dlq`,
 * `#/replay`, `#/charts`), so the back button and shared links work without a server route per
 * page. The live feed starts once and keeps collecting whichever page is shown.
 */
let leave: (() => void) | void;
/** The first page of a load keeps the focus where the browser put it; later ones move it to their heading. */
let firstRoute = true;

function route(): void {
  const main = document.getElementById('main')!;
  const moveFocus = !firstRoute;
  firstRoute = false;
  leave?.();
  leave = undefined;
  const [path = '', search = ''] = location.hash.replace(/^#/, '').split('?');
  const parts = path.split('/').filter(Boolean);
  const page = parts[0] ?? 'tail';
  for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    if (link.dataset.page === page || (page === 'entry' && link.dataset.page === 'search')) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  switch (page) {
    case 'search':
      searchPage(main, new URLSearchParams(search));
      break;
    case 'entry':
      // Loaded before it is drawn: its heading takes the focus once there.
      void detailPage(main, decodeURIComponent(parts[1] ?? '')).then(() => moveFocus && focusHeading(main));
      break;
    case 'dlq':
      dlqPage(main);
      break;
    case 'replay':
      replayPage(main);
      break;
    case 'charts':
      leave = chartsPage(main, new URLSearchParams(search));
      break;
    default:
      leave = tailPage(main);
  }
  if (moveFocus) focusHeading(main);
}

/**
 * Moves the focus to the page's heading, as a screen reader expects after navigation; without
 * it a link inside the old page (a search result) leaves the focus on the body, and the next
 * Tab starts again from the top of the document.
 */
function focusHeading(main: HTMLElement): void {
  const heading = main.querySelector<HTMLElement>('h1');
  heading?.setAttribute('tabindex', '-1');
  heading?.focus();
}

// The skip link moves the focus to the content; followed as a link, its #main would be read as a page's address.
document.querySelector('a.skip')?.addEventListener('click', (event) => {
  event.preventDefault();
  document.getElementById('main')!.focus();
});
liveFeed.start();
window.addEventListener('hashchange', route);
route();
