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

function route(): void {
  const main = document.getElementById('main')!;
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
      void detailPage(main, decodeURIComponent(parts[1] ?? ''));
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
  // Move focus to the new page's heading, as a screen reader expects after navigation.
  main.querySelector<HTMLElement>('h1')?.setAttribute('tabindex', '-1');
  if (document.activeElement !== document.body) main.querySelector<HTMLElement>('h1')?.focus();
}

liveFeed.start();
window.addEventListener('hashchange', route);
route();
