import { describe, expect, it } from 'vitest';
import { SuccessCache } from './success-cache.js';

describe('Class: SuccessCache', () => {
  it('forgets an entry once its time to live has passed, even if it was used meanwhile', () => {
    // Prepare
    const clock = { now: 0 };
    const cache = new SuccessCache({ ttlMs: 1_000, now: () => clock.now });
    cache.add('k');

    // Act
    clock.now = 999;
    const before = cache.has('k');
    clock.now = 1_000;
    const after = cache.has('k');

    // Assess
    expect([before, after]).toEqual([true, false]);
    expect(cache.size).toBe(0);
  });

  it('keeps at most maxEntries, dropping the oldest first', () => {
    // Prepare
    const cache = new SuccessCache({ maxEntries: 3 });

    // Act
    for (const key of ['a', 'b', 'c', 'd', 'e']) cache.add(key);

    // Assess
    expect(cache.size).toBe(3);
    expect(['a', 'b', 'c', 'd', 'e'].map((key) => cache.has(key))).toEqual([false, false, true, true, true]);
  });
});
