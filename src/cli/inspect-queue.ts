import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SluiceConfig } from '../core/config-schema.js';
import { QueueNotFoundError } from '../core/errors.js';
import { queueFile } from '../core/queue-location.js';
import { openQueue } from '../queue/index.js';
import type { Queue } from '../queue/types.js';
import { createLogger } from '../telemetry/logger.js';

/**
 * Opens the configured queue for a command that inspects or repairs it (`status`, `dlq`), runs
 * `work`, and closes it. Unlike a server, such a command never creates an embedded queue: a
 * missing file means the wrong `--data`/`--config`, or nothing has run yet.
 *
 * @throws QueueNotFoundError (exit code 1) when the embedded queue's file does not exist.
 * @example
 * ```ts
 * const stats = await withQueue(config, (queue) => queue.stats());
 * ```
 */
export async function withQueue<T>(config: SluiceConfig, work: (queue: Queue) => Promise<T>): Promise<T> {
  const path = queuePath(config);
  if (path !== undefined && !existsSync(path)) {
    throw new QueueNotFoundError(`no queue at ${path} (pass --data DIR or --config FILE, or start sluice serve first)`);
  }
  // Warnings only: informational queue logs would interleave with the command's output.
  // An inspecting command releases the disk space reserve when a purge needs it, but never writes
  // it: that is the servers' job, and a command run on a full disk must not take space.
  const queue = openQueue(config.queue, { logger: createLogger(config.log.level === 'silent' ? 'silent' : 'warn'), keepSpaceReserve: false });
  try {
    return await work(queue);
  } finally {
    await queue.close();
  }
}

/**
 * The embedded queue's file, resolved; undefined for drivers without one.
 *
 * @example
 * ```ts
 * queuePath(await loadConfig({ data: '/var/lib/sluice' })); // '/var/lib/sluice/sluice.db'
 * ```
 */
export function queuePath(config: SluiceConfig): string | undefined {
  const file = queueFile(config.queue);
  return file === undefined ? undefined : resolve(file);
}
