import { getJson, type StatsSample } from '../api.js';
import { formatValue, lineChart, type Series } from '../chart.js';
import { h, replace } from '../dom.js';
import { features } from '../features.js';
import { queueNow, type StatusReport } from './queue-now.js';

type Figure = keyof Omit<StatsSample, 'at'>;

const CHARTS: readonly { key: Figure; title: string; unit: string }[] = [
  { key: 'requestRate', title: 'Request rate', unit: 'req/s' },
  { key: 'errorRate', title: 'Error rate (5xx)', unit: 'req/s' },
  { key: 'deliveryRate', title: 'Delivery rate', unit: 'records/s' },
  { key: 'queueDepth', title: 'Queue depth', unit: 'messages' },
  { key: 'oldestAgeSeconds', title: 'Oldest message age', unit: 's' },
  { key: 'dlqDepth', title: 'Dead letters', unit: 'messages' },
];

interface StatsAnswer {
  readonly intervalMs: number;
  /** Figures this process cannot tell, with the reason. */
  readonly unavailable?: Readonly<Partial<Record<Figure, string>>>;
  readonly samples: readonly StatsSample[];
}

/**
 * The queue as it is now, then charts of the last hour, refreshed at the sampling interval
 * while shown. A figure the queue driver or this process cannot tell (SQS keeps the oldest
 * age for CloudWatch) says so in place of its chart.
 */
export function chartsPage(main: HTMLElement): () => void {
  const now = h(
    'section',
    { class: 'queue-now', 'aria-labelledby': 'queue-now-h' },
    h('h2', { id: 'queue-now-h' }, 'Queue now'),
    h('p', { class: 'muted' }, 'Loading…'),
  );
  const grid = h('div', { class: 'charts' });
  replace(main, h('header', { class: 'page-head' }, h('h1', {}, 'Charts'), h('span', { class: 'muted' }, 'last hour')), now, grid);
  let timer: number | undefined;
  let stopped = false;
  const load = async (): Promise<void> => {
    let interval = 10_000;
    const [stats, status, offered] = await Promise.allSettled([
      getJson<StatsAnswer>('/api/stats?minutes=60'),
      getJson<StatusReport>('/api/status'),
      features(),
    ]);
    const driver = offered.status === 'fulfilled' ? offered.value.queue.driver : null;
    if (status.status === 'fulfilled') replace(now, h('h2', { id: 'queue-now-h' }, 'Queue now'), queueNow(status.value, driver));
    else replace(now, h('h2', { id: 'queue-now-h' }, 'Queue now'), h('p', { class: 'error', role: 'alert' }, (status.reason as Error).message));
    if (stats.status === 'fulfilled') {
      interval = stats.value.intervalMs;
      replace(grid, ...chartCards(stats.value));
    } else {
      replace(grid, h('p', { class: 'error', role: 'alert' }, (stats.reason as Error).message));
    }
    if (!stopped) timer = window.setTimeout(() => void load(), Math.max(2_000, interval));
  };
  void load();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

function chartCards({ samples, unavailable = {} }: StatsAnswer): HTMLElement[] {
  const to = Date.now();
  const from = to - 60 * 60_000;
  return CHARTS.map(({ key, title, unit }) => {
    const reason = unavailable[key];
    if (reason !== undefined) {
      return h(
        'figure',
        { class: 'chart-card unavailable' },
        h('figcaption', {}, h('span', {}, title), h('strong', {}, 'not available')),
        h('p', { class: 'muted' }, reason),
      );
    }
    const series: Series = { title, unit, points: samples.map((sample) => ({ at: sample.at, value: sample[key] })) };
    const latest = samples.at(-1)?.[key];
    return h(
      'figure',
      { class: 'chart-card' },
      h('figcaption', {}, h('span', {}, title), h('strong', {}, latest === null || latest === undefined ? '–' : `${formatValue(latest, unit)} ${unit}`)),
      lineChart(series, from, to),
    );
  });
}
