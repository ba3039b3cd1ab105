import { describe, expect, it } from 'vitest';
import { checkQueueRetryLimits } from './queue-limits-check.js';

const RETRY = { max_age: 86_400_000, max_attempts: 60 };

function recordingLogger(): { warnings: unknown[][]; logger: Parameters<typeof checkQueueRetryLimits>[2] } {
  const warnings: unknown[][] = [];
  const ignore = (): void => undefined;
  return { warnings, logger: { debug: ignore, info: ignore, error: ignore, warn: (...args: unknown[]) => void warnings.push(args) } };
}

describe('Function: checkQueueRetryLimits', () => {
  it('warns about a RedrivePolicy below max_attempts and a retention no longer than max_age', async () => {
    // Prepare
    const { warnings, logger } = recordingLogger();
    const transport = { queueRetryLimits: () => Promise.resolve({ maxReceiveCount: 5, retentionMs: 86_400_000 }) };

    // Act
    await checkQueueRetryLimits(transport, RETRY, logger);

    // Assess
    expect(warnings.map(([message]) => String(message))).toEqual([
      expect.stringContaining('maxReceiveCount (5) is below destination.retry.max_attempts (60)'),
      expect.stringContaining('MessageRetentionPeriod (86400 s)'),
    ]);
  });

  it('resolves with a warning when the queue cannot be read, since it only advises', async () => {
    // Prepare
    const { warnings, logger } = recordingLogger();
    const denied = Object.assign(new Error('not allowed'), { name: 'AccessDenied' });
    const transport = { queueRetryLimits: () => Promise.reject(denied) };

    // Act
    const checked = checkQueueRetryLimits(transport, RETRY, logger);

    // Assess
    await expect(checked).resolves.toBeUndefined();
    expect(warnings).toEqual([[{ err: denied }, "could not read the SQS queue's RedrivePolicy to check the retry budget"]]);
  });
});
