import { h } from '../dom.js';

/** The parts of `sluice status`'s report (`GET /api/status`) the page shows. */
export interface StatusReport {
  readonly state: 'ok' | 'warning' | 'critical';
  readonly queue: {
    readonly depth: number;
    readonly ready: number;
    readonly in_flight: number;
    readonly delayed: number;
    readonly oldest_age_ms: number | null;
  };
  readonly retries: { readonly waiting: number | null; readonly reason: string | null };
  readonly dlq: { readonly depth: number };
}

/**
 * The queue's figures as `sluice status` reads them now, for a driver whatever it can tell:
 * a figure it cannot is named as such, never shown as a zero.
 */
export function queueNow(report: StatusReport, driver?: string | null): HTMLElement {
  const sqs = driver === 'sqs';
  const oldest =
    report.queue.oldest_age_ms !== null
      ? `${Math.round(report.queue.oldest_age_ms / 1000)} s`
      : sqs
        ? 'not reported by SQS (CloudWatch only)'
        : report.queue.depth === 0
          ? 'queue empty'
          : '–';
  const facts: readonly [string, string | number][] = [
    ['State', report.state],
    ['Depth', report.queue.depth],
    ['Ready', report.queue.ready],
    ['In flight', report.queue.in_flight],
    ['Delayed', report.queue.delayed],
    ['Oldest message', oldest],
    ['Waiting to retry', report.retries.waiting ?? `not known${report.retries.reason === null ? '' : `: ${report.retries.reason}`}`],
    ['Dead letters', report.dlq.depth],
  ];
  return h('dl', { class: 'facts' }, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}
