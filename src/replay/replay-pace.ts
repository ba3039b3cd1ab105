import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplayRate } from './types.js';

/** Time as the replay sees it; tests pass one they move themselves. */
export interface ReplayClock {
  now(): number;
  /** Resolves after `ms`, or early (without an error) when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The process's clock.
 *
 * @example
 * ```ts
 * await systemClock.sleep(10);
 * ```
 */
export const systemClock: ReplayClock = {
  now: () => performance.now(),
  async sleep(ms, signal) {
    try {
      await sleep(ms, undefined, signal === undefined ? {} : { signal });
    } catch (error) {
      if (signal?.aborted !== true) throw error;
    }
  },
};

/**
 * When the `index`th request is due, in milliseconds after the replay started: its capture
 * time's distance from the first capture divided by the factor, or `index` slots of a fixed rate.
 *
 * @example
 * ```ts
 * dueOffset({ kind: 'factor', factor: 2 }, 3, 10_000, 6_000); // 2000
 * dueOffset({ kind: 'perSecond', perSecond: 4 }, 3, 10_000, 6_000); // 750
 * ```
 */
export function dueOffset(rate: ReplayRate, index: number, captureTime: number, firstCaptureTime: number): number {
  if (rate.kind === 'perSecond') return (index * 1000) / rate.perSecond;
  return Math.max(0, captureTime - firstCaptureTime) / rate.factor;
}

/**
 * Waits until a request is due. Due times count from the start, not from the previous request,
 * so a slow response is made up for by sending the next one sooner (never by sending two at
 * once: the replay stays in order, one request at a time).
 *
 * @example
 * ```ts
 * const start = clock.now();
 * await waitUntilDue(clock, start + dueOffset(rate, i, entry.time, first.time), signal);
 * ```
 */
export async function waitUntilDue(clock: ReplayClock, due: number, signal?: AbortSignal): Promise<void> {
  const wait = due - clock.now();
  if (wait > 0) await clock.sleep(wait, signal);
}
