import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ClientAbortedError } from '../core/errors.js';
import { UpstreamGate } from './upstream-gate.js';

describe('Class: UpstreamGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('admits up to `connections` requests at once, then none', () => {
    // Prepare
    const gate = new UpstreamGate({ connections: 2, maxPending: 0, upstream: 'up' });

    // Act
    const admitted = [gate.tryAcquire(), gate.tryAcquire(), gate.tryAcquire()];

    // Assess
    expect(admitted).toEqual([true, true, false]);
    expect(gate.stats).toEqual({ active: 2, pending: 0 });
  });

  it('hands a released slot to the oldest waiter', async () => {
    // Prepare
    const gate = new UpstreamGate({ connections: 1, maxPending: 2, upstream: 'up' });
    gate.tryAcquire();
    const order: string[] = [];
    const first = gate.acquire(10_000).then(() => order.push('first'));
    const second = gate.acquire(10_000).then(() => order.push('second'));

    // Act
    gate.release();
    await first;
    gate.release();
    await second;

    // Assess
    expect(order).toEqual(['first', 'second']);
    expect(gate.stats).toEqual({ active: 1, pending: 0 });
  });

  it('refuses at once when `maxPending` requests already wait', async () => {
    // Prepare
    const gate = new UpstreamGate({ connections: 1, maxPending: 1, upstream: 'up' });
    gate.tryAcquire();
    const waiting = gate.acquire(10_000);

    // Act
    const refused = gate.acquire(10_000);

    // Assess
    await expect(refused).rejects.toMatchObject({ code: 'SLUICE_UPSTREAM_BUSY', statusCode: 503 });
    gate.release();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('gives up on a waiter after its timeout, and the slot goes to the next one', async () => {
    // Prepare
    const gate = new UpstreamGate({ connections: 1, maxPending: 5, upstream: 'up' });
    gate.tryAcquire();
    const timedOut = gate.acquire(1_000);
    const assertion = expect(timedOut).rejects.toMatchObject({ code: 'SLUICE_UPSTREAM_BUSY' });

    // Act
    await vi.advanceTimersByTimeAsync(1_000);

    // Assess
    await assertion;
    expect(gate.stats).toEqual({ active: 1, pending: 0 });
    gate.release();
    expect(gate.stats).toEqual({ active: 0, pending: 0 });
  });

  it('drops a waiter whose client went away', async () => {
    // Prepare
    const gate = new UpstreamGate({ connections: 1, maxPending: 5, upstream: 'up' });
    gate.tryAcquire();
    const controller = new AbortController();
    const waiting = gate.acquire(10_000, controller.signal);

    // Act
    controller.abort(new ClientAbortedError('gone'));

    // Assess
    await expect(waiting).rejects.toMatchObject({ code: 'SLUICE_CLIENT_ABORTED' });
    expect(gate.stats).toEqual({ active: 1, pending: 0 });
  });
});
