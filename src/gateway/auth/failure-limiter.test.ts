import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './failure-limiter.js';

describe('Class: FailureLimiter', () => {
  const failOnce = (limiter: FailureLimiter, address: string) => {
    expect(limiter.admit(address)).toBeUndefined();
    return limiter.finish(address, true);
  };

  it('remembers at most maxAddresses under a flood from many addresses', () => {
    // Prepare
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000, maxAddresses: 100 });

    // Act
    for (let i = 0; i < 10_000; i += 1) failOnce(limiter, `10.0.${i >> 8}.${i & 0xff}`);

    // Assess
    expect(limiter.size).toBe(100);
    expect(limiter.retryAfter('10.0.39.15')).toBe(60);
    expect(limiter.retryAfter('10.0.0.0')).toBeUndefined();
  });

  it('keeps an address that keeps trying over quieter ones when it must forget one', () => {
    // Prepare
    const limiter = new FailureLimiter({ maxFailures: 1, windowMs: 60_000, maxAddresses: 2 });
    failOnce(limiter, 'attacker');
    failOnce(limiter, 'quiet');

    // Act
    limiter.retryAfter('attacker');
    failOnce(limiter, 'newcomer');

    // Assess
    expect(limiter.retryAfter('attacker')).toBe(60);
    expect(limiter.retryAfter('quiet')).toBeUndefined();
  });

  it('forgets an address whose checks all succeeded', () => {
    // Prepare
    const limiter = new FailureLimiter({ maxFailures: 3, windowMs: 60_000 });

    // Act
    limiter.admit('203.0.113.7');
    limiter.finish('203.0.113.7', false);

    // Assess
    expect(limiter.size).toBe(0);
  });

  it('opens a new window at the first failure after the last one ended', () => {
    // Prepare
    const clock = { now: 0 };
    const limiter = new FailureLimiter({ maxFailures: 2, windowMs: 10_000, now: () => clock.now });
    failOnce(limiter, 'a');
    clock.now = 9_000;
    failOnce(limiter, 'a');
    const blocked = limiter.retryAfter('a');

    // Act
    clock.now = 10_000;
    const reopened = limiter.retryAfter('a');
    clock.now = 15_000;
    const failure = failOnce(limiter, 'a');

    // Assess
    expect(blocked).toBe(1);
    expect(reopened).toBeUndefined();
    expect(failure).toEqual({ failures: 1, limitReached: false, windowLeftSeconds: 10 });
  });
});
