import { describe, expect, it } from 'vitest';
import { QueueError, QueueFullError } from '../core/errors.js';
import { CaptureHealth, captureFailureReason } from './capture-health.js';

describe('Class: CaptureHealth', () => {
  it.each([
    { description: 'queue.max_size', error: new QueueFullError('max_size', 'full'), reason: 'queue_full' },
    { description: 'a full disk', error: new QueueFullError('disk', 'full'), reason: 'disk_full' },
    { description: 'any other commit failure', error: new QueueError('locked'), reason: 'commit_failed' },
  ])('classifies $description as $reason', ({ error, reason }) => {
    // Act & Assess
    expect(captureFailureReason(error)).toBe(reason);
  });

  it('is degraded from a failure until the hold window passed without another', () => {
    // Prepare
    let now = 1_000_000;
    const health = new CaptureHealth({ holdMs: 60_000, now: () => now });

    // Act
    const before = health.state();
    health.failed(new QueueFullError('disk', 'the disk is full'));
    now += 30_000;
    health.failed(new QueueFullError('disk', 'the disk is full'));
    now += 59_999;
    const during = health.state();
    now += 2;
    const after = health.state();

    // Assess
    expect(before).toEqual({ degraded: false });
    expect(during).toMatchObject({ degraded: true, reason: 'disk_full', code: 'SLUICE_QUEUE_FULL', failures: 2 });
    expect(after).toEqual({ degraded: false });
  });
});
