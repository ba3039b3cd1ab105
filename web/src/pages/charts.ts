import { getJson, type StatsSample } from '../api.js';
import { formatValue, lineChart, type Series } from '../chart.js';
import { h, replace } from '../dom.js';

const CHARTS: readonly { key: keyof Omit<StatsSample, 'at'>; title: string; unit: string }[] = [
  { key: 'requestRate', title: 'Request rate', unit: 'req/s' },
  { key: 'errorRate', title: 'Error rate (5xx)', unit: 'req/s' },
  { key: 'deliveryRate', title: 'Delivery rate', unit: 'records/s' },
  { key: 'queueDepth', title: 'Queue depth', unit: 'messages' },
  { key: 'oldestAgeSeconds', title: 'Oldest message age', unit: 's' },
  { key: 'dlqDepth', title: 'Dead letters', unit: 'messages' },
];

/** Charts of the last hour, refreshed at the sampling interval while shown. */
export function chartsPage(main: HTMLElement): () => void {
  const grid = h('div', { class: 'charts' });
  replace(main, h('header', { class: 'page-head' }, h('h1', {}, 'Charts'), h('span', { class: 'muted' }, 'last hour')), grid);
  let timer: number | undefined;
  let stopped = false;
  const load = async (): Promise<void> => {
    try {
      const { intervalMs, samples } = await getJson<{ intervalMs: number; samples: StatsSample[] }>('/api/stats?minutes=60');
      const to = Date.now();
      const from = to - 60 * 60_000;
      replace(
        grid,
        ...CHARTS.map(({ key, title, unit }) => {
          const series: Series = { title, unit, points: samples.map((sample) => ({ at: sample.at, value: sample[key] })) };
          const latest = samples.at(-1)?.[key];
          return h(
            'figure',
            { class: 'chart-card' },
            h('figcaption', {}, h('span', {}, title), h('strong', {}, latest === null || latest === undefined ? '–' : `${formatValue(latest)} ${unit}`)),
            lineChart(series, from, to),
          );
        }),
      );
      if (!stopped) timer = window.setTimeout(() => void load(), Math.max(2_000, intervalMs));
    } catch (error) {
      replace(grid, h('p', { class: 'error', role: 'alert' }, (error as Error).message));
    }
  };
  void load();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}
