import { describe, expect, it } from 'vitest';
import { SqsBatcher, type BatchOutcome } from './sqs-batcher.js';

/** A flush that records each call's items and answers each item with its double. */
function doubling(calls: number[][]): (items: readonly number[]) => Promise<BatchOutcome<number>[]> {
  return (items) => {
    calls.push([...items]);
    return Promise.resolve(items.map((item) => ({ ok: true as const, value: item * 2 })));
  };
}

describe('Class: SqsBatcher', () => {
  it('sends the calls made in one turn of the event loop as one call, each caller getting its own outcome', async () => {
    // Prepare
    const calls: number[][] = [];
    const batcher = new SqsBatcher(doubling(calls), { maxItems: 10 });

    // Act
    const values = await Promise.all([1, 2, 3].map((item) => batcher.add(item)));

    // Assess
    expect(calls).toEqual([[1, 2, 3]]);
    expect(values).toEqual([2, 4, 6]);
  });

  it('splits a turn into calls of at most maxItems and maxBytes', async () => {
    // Prepare
    const calls: number[][] = [];
    const batcher = new SqsBatcher(doubling(calls), { maxItems: 3, maxBytes: 10, sizeOf: (item) => item });

    // Act
    await Promise.all([1, 1, 1, 1, 6, 5, 9].map((item) => batcher.add(item)));

    // Assess
    expect(calls).toEqual([[1, 1, 1], [1, 6], [5], [9]]);
  });

  it("rejects one caller with its entry's error and the others not at all", async () => {
    // Prepare
    const refused = new Error('refused');
    const batcher = new SqsBatcher<number, number>(
      (items) => Promise.resolve(items.map((item) => (item === 2 ? { ok: false as const, error: refused } : { ok: true as const, value: item }))),
      { maxItems: 10 },
    );

    // Act
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => batcher.add(item)));

    // Assess
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 1 },
      { status: 'rejected', reason: refused },
      { status: 'fulfilled', value: 3 },
    ]);
  });

  it('rejects every caller of a call that failed as a whole', async () => {
    // Prepare
    const unreachable = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const batcher = new SqsBatcher<number, number>(() => Promise.reject(unreachable), { maxItems: 10 });

    // Act
    const outcomes = await Promise.allSettled([1, 2].map((item) => batcher.add(item)));

    // Assess
    expect(outcomes.map((outcome) => outcome.status === 'rejected' && outcome.reason)).toEqual([unreachable, unreachable]);
  });

  it('drain() sends what is pending at once and waits for it', async () => {
    // Prepare
    const calls: number[][] = [];
    const batcher = new SqsBatcher(doubling(calls), { maxItems: 10 });
    const pending = batcher.add(4);

    // Act
    await batcher.drain();

    // Assess
    expect(calls).toEqual([[4]]);
    await expect(pending).resolves.toBe(8);
  });

  it('fail() rejects what is pending without sending it', async () => {
    // Prepare
    const calls: number[][] = [];
    const batcher = new SqsBatcher(doubling(calls), { maxItems: 10 });
    const pending = batcher.add(4);
    const closed = new Error('closed');

    // Act
    batcher.fail(closed);

    // Assess
    await expect(pending).rejects.toBe(closed);
    await batcher.drain();
    expect(calls).toEqual([]);
  });
});
