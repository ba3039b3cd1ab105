import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { RateLimitedLog } from './rate-limited-log.js';

function recordingLogger(): { logger: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('Class: RateLimitedLog', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it('logs the first occurrence at once and one line per interval for the rest, with their count', async () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    const log = new RateLimitedLog(logger, { intervalMs: 10_000 });

    // Act
    for (let i = 0; i < 1000; i += 1) log.log({ i }, 'capture failed');
    const atOnce = lines.length;
    await vi.advanceTimersByTimeAsync(10_000);

    // Assess
    expect(atOnce).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ i: 0, suppressed: 0, msg: 'capture failed' });
    expect(lines[1]).toMatchObject({ i: 999, suppressed: 999, msg: 'capture failed' });
  });

  it('logs again at once after a quiet interval, and close() writes what is still counted', async () => {
    // Prepare
    const { logger, lines } = recordingLogger();
    const log = new RateLimitedLog(logger, { intervalMs: 1_000 });
    log.log({}, 'a');
    await vi.advanceTimersByTimeAsync(1_000);

    // Act
    log.log({}, 'b');
    log.log({}, 'c');
    log.close();

    // Assess
    expect(lines.map((line) => [line.msg, line.suppressed])).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ]);
  });
});
