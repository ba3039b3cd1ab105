import { describe, expect, it } from 'vitest';
import { allAborted } from './all-aborted.js';

describe('Function: allAborted', () => {
  it('stays open while any signal is not aborted', () => {
    // Prepare
    const [a, b, c] = [new AbortController(), new AbortController(), new AbortController()];
    const { signal } = allAborted([a.signal, b.signal, c.signal]);

    // Act
    a.abort(new Error('a'));
    c.abort(new Error('c'));

    // Assess
    expect(signal.aborted).toBe(false);
  });

  it('aborts with the last reason once every signal has aborted', () => {
    // Prepare
    const [a, b] = [new AbortController(), new AbortController()];
    const { signal } = allAborted([a.signal, b.signal]);
    const last = new DOMException('timed out', 'TimeoutError');

    // Act
    a.abort(new Error('a'));
    b.abort(last);

    // Assess
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(last);
  });

  it('is aborted at once when every signal already is', () => {
    // Prepare
    const reason = new Error('gone');

    // Act
    const { signal } = allAborted([AbortSignal.abort(new Error('first')), AbortSignal.abort(reason)]);

    // Assess
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
  });

  it('counts only the signals not yet aborted', () => {
    // Prepare
    const b = new AbortController();
    const { signal } = allAborted([AbortSignal.abort(), b.signal]);

    // Act
    b.abort();

    // Assess
    expect(signal.aborted).toBe(true);
  });

  it('no longer follows the signals after dispose()', () => {
    // Prepare
    const a = new AbortController();
    const { signal, dispose } = allAborted([a.signal]);

    // Act
    dispose();
    a.abort();

    // Assess
    expect(signal.aborted).toBe(false);
  });
});
