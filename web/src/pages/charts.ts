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

/** The ranges the page offers, in minutes; the series keeps one hour, the default. */
const RANGES = [
  { minutes: 5, label: '5 min', name: 'last 5 minutes' },
  { minutes: 15, label: '15 min', name: 'last 15 minutes' },
  { minutes: 60, label: '1 h', name: 'last hour' },
] as const;
const DEFAULT_MINUTES = 60;

/** The range a `#/charts?minutes=N` address asks for, or the default for anything else. */
function rangeOf(params: URLSearchParams): number {
  const minutes = Number(params.get('minutes'));
  return RANGES.some((range) => range.minutes === minutes) ? minutes : DEFAULT_MINUTES;
}

/**
 * The queue as it is now, then charts of the last 5, 15 or 60 minutes, refreshed at the
 * sampling interval while shown. A figure the queue driver or this process cannot tell (SQS
 * keeps the oldest age for CloudWatch) says so in place of its chart. The range lives in the
 * address (`#/charts?minutes=5`), so a reload or a shared link keeps it; it is changed in place
 * (no page re-render), so keyboard focus stays on the range control.
 */
export function chartsPage(main: HTMLElement, params: URLSearchParams): () => void {
  let minutes = rangeOf(params);
  let timer: number | undefined;
  let stopped = false;
  // Bumped by each range change, so an answer for an older range neither draws nor schedules.
  let generation = 0;
  const now = h(
    'section',
    { class: 'queue-now', 'aria-labelledby': 'queue-now-h' },
    h('h2', { id: 'queue-now-h' }, 'Queue now'),
    h('p', { class: 'muted' }, 'Loading…'),
  );
  const grid = h('div', { class: 'charts' });
  const caption = h('span', { class: 'muted' });
  const picker = h(
    'fieldset',
    { class: 'range' },
    h('legend', { class: 'visually-hidden' }, 'Time range'),
    ...RANGES.map((range) =>
      h('label', {}, h('input', { type: 'radio', name: 'range', value: range.minutes, checked: range.minutes === minutes }), h('span', {}, range.label)),
    ),
  );
  picker.addEventListener('change', (event) => {
    minutes = Number((event.target as HTMLInputElement).value);
    generation += 1;
    // replaceState, not location.hash: a hash change would rebuild the page and drop the focus.
    history.replaceState(null, '', minutes === DEFAULT_MINUTES ? '#/charts' : `#/charts?minutes=${minutes}`);
    window.clearTimeout(timer);
    void load();
  });
  replace(main, h('header', { class: 'page-head' }, h('h1', {}, 'Charts'), caption, picker), now, grid);
  const load = async (): Promise<void> => {
    const asked = minutes;
    const current = generation;
    let interval = 10_000;
    const [stats, status, offered] = await Promise.allSettled([
      getJson<StatsAnswer>(`/api/stats?minutes=${asked}`),
      getJson<StatusReport>('/api/status'),
      features(),
    ]);
    if (stopped || current !== generation) return;
    const driver = offered.status === 'fulfilled' ? offered.value.queue.driver : null;
    if (status.status === 'fulfilled') replace(now, h('h2', { id: 'queue-now-h' }, 'Queue now'), queueNow(status.value, driver));
    else replace(now, h('h2', { id: 'queue-now-h' }, 'Queue now'), h('p', { class: 'error', role: 'alert' }, (status.reason as Error).message));
    if (stats.status === 'fulfilled') {
      interval = stats.value.intervalMs;
      caption.textContent = RANGES.find((range) => range.minutes === asked)!.name;
      replace(grid, ...chartCards(stats.value, asked));
    } else {
      replace(grid, h('p', { class: 'error', role: 'alert' }, (stats.reason as Error).message));
    }
    timer = window.setTimeout(() => void load(), Math.max(2_000, interval));
  };
  void load();
  return () => {
    stopped = true;
    window.clearTimeout(timer);
  };
}

function chartCards({ samples, unavailable = {} }: StatsAnswer, minutes: number): HTMLElement[] {
  const to = Date.now();
  const from = to - minutes * 60_000;
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
    const values = series.points.map((point) => point.value).filter((value): value is number => value !== null);
    return h(
      'figure',
      { class: 'chart-card' },
      h(
        'figcaption',
        {},
        h('span', {}, title),
        h(
          'span',
          {},
          values.length > 0 && h('span', { class: 'muted small' }, `peak ${formatValue(Math.max(...values), unit)} · `),
          h('strong', {}, latest === null || latest === undefined ? '–' : `${formatValue(latest, unit)} ${unit}`),
        ),
      ),
      lineChart(series, from, to),
    );
  });
}
