import { describe, expect, it } from 'vitest';
import { LogThrottle } from './log-throttle.js';

describe('Class: LogThrottle', () => {
  it('lets one line a second through and counts the dropped ones into the next', () => {
    // Prepare
    const clock = { now: 0 };
    const throttle = new LogThrottle(1_000, () => clock.now);

    // Act
    const first = throttle.take();
    const dropped = Array.from({ length: 500 }, () => throttle.take());
    clock.now = 1_000;
    const next = throttle.take();

    // Assess
    expect(first).toBe(0);
    expect(dropped.every((taken) => taken === undefined)).toBe(true);
    expect(next).toBe(500);
  });
});
