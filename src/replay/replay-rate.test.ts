import { describe, expect, it } from 'vitest';
import { dueOffset, waitUntilDue, type ReplayClock } from './replay-pace.js';
import { parseReplayRate } from './replay-rate.js';

describe('Function: parseReplayRate', () => {
  it.each([
    { text: '2x', expected: { kind: 'factor', factor: 2 } },
    { text: '0.5x', expected: { kind: 'factor', factor: 0.5 } },
    { text: '1X', expected: { kind: 'factor', factor: 1 } },
    { text: '100/s', expected: { kind: 'perSecond', perSecond: 100 } },
    { text: ' 2.5/s ', expected: { kind: 'perSecond', perSecond: 2.5 } },
  ])('reads $text', ({ text, expected }) => {
    // Act & Assess
    expect(parseReplayRate(text)).toEqual(expected);
  });

  it.each(['0x', '0/s', 'fast', '2', '-1x', '2x/s', ''])('refuses %j with SLUICE_INVALID_ARGUMENT', (text) => {
    // Act & Assess
    expect(() => parseReplayRate(text)).toThrow(expect.objectContaining({ name: 'InvalidArgumentError', code: 'SLUICE_INVALID_ARGUMENT' }));
  });
});

describe('Pacing', () => {
  /** A clock that only moves when the replay sleeps, recording each sleep. */
  function fakeClock(): ReplayClock & { sleeps: number[] } {
    let now = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      now: () => now,
      sleep(ms) {
        sleeps.push(ms);
        now += ms;
        return Promise.resolve();
      },
    };
  }

  it('keeps the original gaps divided by the factor', () => {
    // Act & Assess
    expect([0, 1000, 4000].map((time, index) => dueOffset({ kind: 'factor', factor: 2 }, index, time, 0))).toEqual([0, 500, 2000]);
  });

  it('spaces a fixed rate evenly, whatever the original gaps', () => {
    // Act & Assess
    expect([0, 1, 60_000].map((time, index) => dueOffset({ kind: 'perSecond', perSecond: 4 }, index, time, 0))).toEqual([0, 250, 500]);
  });

  it('waits only for what is left, and not at all when behind', async () => {
    // Prepare
    const clock = fakeClock();

    // Act
    await waitUntilDue(clock, 300);
    await waitUntilDue(clock, 200);
    await waitUntilDue(clock, 500);

    // Assess
    expect(clock.sleeps).toEqual([300, 200]);
  });
});
