import { validate, version } from 'uuid';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordId } from './record-id.js';

describe('Function: recordId', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('makes valid UUID version 7 ids carrying the current millisecond', () => {
    // Prepare
    const now = Date.UTC(2026, 0, 1, 12, 0, 0, 123);
    vi.spyOn(Date, 'now').mockReturnValue(now);

    // Act
    const id = recordId();

    // Assess
    expect(validate(id)).toBe(true);
    expect(version(id)).toBe(7);
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(now);
    expect(id[19]).toMatch(/[89ab]/);
  });

  it('makes unique ids that sort in creation order, within a millisecond and across pool refills', () => {
    // Prepare
    const now = Date.UTC(2026, 0, 1);
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    const ids: string[] = [];

    // Act
    for (let index = 0; index < 3000; index += 1) {
      if (index === 1500) clock.mockReturnValue(now + 1);
      ids.push(recordId());
    }

    // Assess
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('never goes back when the clock does', () => {
    // Prepare
    const clock = vi.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 0, 2));
    const first = recordId();
    clock.mockReturnValue(Date.UTC(2026, 0, 1));

    // Act
    const second = recordId();

    // Assess
    expect(second > first).toBe(true);
  });
});
