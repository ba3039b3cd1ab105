import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommit, type GroupOutcome } from './group-commit.js';

function recordingFlush() {
  const groups: string[][] = [];
  const flush = (items: readonly string[]): GroupOutcome<string>[] => {
    groups.push([...items]);
    return items.map((item) => ({ ok: true, value: item.toUpperCase() }));
  };
  return { groups, flush };
}

describe('Class: GroupCommit', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes every item submitted in one turn of the event loop in one flush', async () => {
    // Prepare
    const { groups, flush } = recordingFlush();
    const commit = new GroupCommit(flush);

    // Act
    const values = await Promise.all([commit.submit('a'), commit.submit('b'), commit.submit('c')]);

    // Assess
    expect(values).toEqual(['A', 'B', 'C']);
    expect(groups).toEqual([['a', 'b', 'c']]);
  });

  it('starts a new group for items submitted after a flush', async () => {
    // Prepare
    const { groups, flush } = recordingFlush();
    const commit = new GroupCommit(flush);

    // Act
    await commit.submit('a');
    await Promise.all([commit.submit('b'), commit.submit('c')]);

    // Assess
    expect(groups).toEqual([['a'], ['b', 'c']]);
  });

  it('settles each item with its own outcome', async () => {
    // Prepare
    const failure = new Error('duplicate');
    const commit = new GroupCommit<string, string>((items) =>
      items.map((item) => (item === 'bad' ? { ok: false, error: failure } : { ok: true, value: item })),
    );

    // Act
    const results = await Promise.allSettled([commit.submit('good'), commit.submit('bad')]);

    // Assess
    expect(results).toEqual([
      { status: 'fulfilled', value: 'good' },
      { status: 'rejected', reason: failure },
    ]);
  });

  it('rejects every item of the group when the flush throws', async () => {
    // Prepare
    const failure = new Error('disk full');
    const commit = new GroupCommit<string, string>(() => {
      throw failure;
    });

    // Act
    const results = await Promise.allSettled([commit.submit('a'), commit.submit('b')]);

    // Assess
    expect(results).toEqual([
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: failure },
    ]);
  });

  it('flush() writes what is pending at once, without waiting for the scheduled turn', async () => {
    // Prepare
    const { groups, flush } = recordingFlush();
    const commit = new GroupCommit(flush, () => undefined);
    const pending = commit.submit('a');

    // Act
    const before = commit.pending;
    commit.flush();

    // Assess
    expect(before).toBe(1);
    await expect(pending).resolves.toBe('A');
    expect(groups).toEqual([['a']]);
    expect(commit.pending).toBe(0);
  });

  it('commits while fake timers are installed, without advancing them', async () => {
    // Prepare
    vi.useFakeTimers();
    const { flush } = recordingFlush();
    const commit = new GroupCommit(flush);

    // Act
    const value = await commit.submit('a');

    // Assess
    expect(value).toBe('A');
  });

  describe('take()', () => {
    it('hands the waiting items to the caller, who settles them, and leaves nothing to flush', async () => {
      // Prepare
      const { groups, flush } = recordingFlush();
      const commit = new GroupCommit(flush);
      const first = commit.submit('a');
      const second = commit.submit('b');

      // Act
      const taken = commit.take();
      taken?.settle([
        { ok: true, value: 'x' },
        { ok: false, error: new Error('gone') },
      ]);

      // Assess
      expect(taken?.items).toEqual(['a', 'b']);
      await expect(first).resolves.toBe('x');
      await expect(second).rejects.toThrow('gone');
      await new Promise((resolve) => setImmediate(resolve));
      expect(groups).toEqual([]);
      expect(commit.take()).toBeUndefined();
    });

    it('rejects every taken item on fail(), and settles each only once', async () => {
      // Prepare
      const commit = new GroupCommit(recordingFlush().flush);
      const pending = commit.submit('a');
      const taken = commit.take();
      const failure = new Error('busy');

      // Act
      taken?.fail(failure);
      taken?.settle([{ ok: true, value: 'late' }]);

      // Assess
      await expect(pending).rejects.toBe(failure);
    });
  });

  describe('linger', () => {
    it('lets a small group wait up to maxWaitMs for company, then writes it as one', async () => {
      // Prepare
      const { groups, flush } = recordingFlush();
      const commit = new GroupCommit(flush, undefined, { minGroup: 10, maxWaitMs: 20 });
      const started = Date.now();

      // Act
      const first = commit.submit('a');
      await new Promise((resolve) => setImmediate(resolve));
      const second = commit.submit('b');
      const values = await Promise.all([first, second]);

      // Assess
      expect(values).toEqual(['A', 'B']);
      expect(groups).toEqual([['a', 'b']]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(15);
    });

    it('writes a group at once when it reaches minGroup', async () => {
      // Prepare
      const { groups, flush } = recordingFlush();
      const commit = new GroupCommit(flush, undefined, { minGroup: 3, maxWaitMs: 60_000 });
      const first = commit.submit('a');
      await new Promise((resolve) => setImmediate(resolve));

      // Act
      const rest = [commit.submit('b'), commit.submit('c')];
      const values = await Promise.all([first, ...rest]);

      // Assess
      expect(values).toEqual(['A', 'B', 'C']);
      expect(groups).toEqual([['a', 'b', 'c']]);
    });

    it('stops waiting when the group is taken or flushed', async () => {
      // Prepare
      const { groups, flush } = recordingFlush();
      const commit = new GroupCommit(flush, undefined, { minGroup: 10, maxWaitMs: 60_000 });
      const taken = commit.submit('a');
      await new Promise((resolve) => setImmediate(resolve));
      commit.take()?.settle([{ ok: true, value: 'taken' }]);
      const flushed = commit.submit('b');
      await new Promise((resolve) => setImmediate(resolve));

      // Act
      commit.flush();

      // Assess
      await expect(taken).resolves.toBe('taken');
      await expect(flushed).resolves.toBe('B');
      expect(groups).toEqual([['b']]);
    });
  });
});
