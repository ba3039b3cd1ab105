import { describe, expect, it } from 'vitest';
import { configDefaults } from '../../core/config-schema.js';
import { resolveSqliteQueueOptions } from './options.js';

describe('Function: resolveSqliteQueueOptions', () => {
  it('falls back to the configuration defaults and the driver defaults', () => {
    // Prepare
    const settings = { path: 'q.db' };

    // Act
    const resolved = resolveSqliteQueueOptions(settings, {});

    // Assess
    expect(resolved).toEqual({
      path: 'q.db',
      maxReceiveCount: configDefaults.queue.max_receive_count,
      visibilityTimeoutMs: 30_000,
      retentionMs: 4 * 86_400_000,
      dlqRetentionMs: 14 * 86_400_000,
      offloadThresholdBytes: 256 * 1024,
      busyTimeoutMs: 5000,
      pollIntervalMs: 50,
      sweepIntervalMs: 60_000,
      orphanBlobAgeMs: 300_000,
      maxReceiveBatch: 100,
      maxMessageBytes: 256 * 1024 * 1024,
      checkpointIntervalMs: 0,
      maxSizeBytes: undefined,
      keepSpaceReserve: true,
      spaceReserveBytes: undefined,
    });
  });

  it('takes parsed configuration values and options over the defaults', () => {
    // Prepare
    const settings = { path: 'q.db', max_receive_count: 2, visibility_timeout: 1000, retention: 5, dlq_retention: 6, offload_threshold: 7 };

    // Act
    const resolved = resolveSqliteQueueOptions(settings, { maxReceiveBatch: 10, pollIntervalMs: 5 });

    // Assess
    expect(resolved).toMatchObject({
      maxReceiveCount: 2,
      visibilityTimeoutMs: 1000,
      retentionMs: 5,
      dlqRetentionMs: 6,
      offloadThresholdBytes: 7,
      maxReceiveBatch: 10,
      pollIntervalMs: 5,
    });
  });

  it.each([
    { description: 'an empty path', settings: { path: '' }, options: {} },
    { description: 'a negative visibility timeout', settings: { path: 'q.db', visibility_timeout: -1 }, options: {} },
    { description: 'no receives allowed', settings: { path: 'q.db', max_receive_count: 0 }, options: {} },
    { description: 'an infinite poll interval', settings: { path: 'q.db' }, options: { pollIntervalMs: Number.POSITIVE_INFINITY } },
    { description: 'a receive batch of 0', settings: { path: 'q.db' }, options: { maxReceiveBatch: 0 } },
  ])('rejects $description', ({ settings, options }) => {
    // Prepare
    const resolve = () => resolveSqliteQueueOptions(settings, options);

    // Act & Assess
    expect(resolve).toThrow(RangeError);
  });
});
