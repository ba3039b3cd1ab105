const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 160;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const element = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A figure with `points` as (time, value): null values are gaps. */
export interface Series {
  readonly title: string;
  readonly unit: string;
  readonly points: readonly { readonly at: number; readonly value: number | null }[];
}

/** A short number for an axis or a label; counts of messages are whole. */
export function formatValue(value: number, unit?: string): string {
  if (value === 0) return '0';
  if (unit === 'messages' && Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

/** The round number (1, 2, 2.5 or 5 times a power of ten) at or above `value`, for the axis's top line. */
function roundUp(value: number): number {
  const power = 10 ** Math.floor(Math.log10(value));
  return power * ([1, 2, 2.5, 5, 10].find((step) => step * power >= value) ?? 10);
}

/**
 * An inline SVG line chart, scaled to its container's width. It names itself (`role="img"`,
 * `<title>`) with the latest value, for screen readers.
 */
export function lineChart(series: Series, from: number, to: number): SVGSVGElement {
  const values = series.points.map((point) => point.value).filter((value): value is number => value !== null);
  const latest = values.at(-1);
  const top = roundUp(Math.max(1, ...values));
  const max = top * 1.1;
  const x = (at: number): number => PAD.left + ((at - from) / Math.max(1, to - from)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number): number => HEIGHT - PAD.bottom - (value / max) * (HEIGHT - PAD.top - PAD.bottom);
  const label = `${series.title}: ${latest === undefined ? 'no data yet' : `${formatValue(latest, series.unit)} ${series.unit} now`}`;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': label, class: 'chart', preserveAspectRatio: 'none' });
  chart.append(svg('title', {}, label));
  for (const fraction of [0, 0.5, 1]) {
    const value = top * fraction;
    chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(value), y2: y(value), class: 'grid' }));
    chart.append(
      svg('text', { x: PAD.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'axis' }, Number.isInteger(value) ? String(value) : formatValue(value)),
    );
  }
  chart.append(svg('text', { x: PAD.left, y: HEIGHT - 6, class: 'axis' }, `-${Math.round((to - from) / 60_000)} min`));
  chart.append(svg('text', { x: WIDTH - PAD.right, y: HEIGHT - 6, 'text-anchor': 'end', class: 'axis' }, 'now'));
  // One path with a move at each gap, so a missing sample is not drawn as a line to zero.
  let d = '';
  let pen = false;
  for (const point of series.points) {
    if (point.value === null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${x(point.at).toFixed(1)},${y(point.value).toFixed(1)}`;
    pen = true;
  }
  if (d !== '') chart.append(svg('path', { d, class: 'line' }));
  const last = [...series.points].reverse().find((point) => point.value !== null);
  if (last !== undefined && last.value !== null) chart.append(svg('circle', { cx: x(last.at), cy: y(last.value), r: 3, class: 'dot' }));
  return chart;
}
